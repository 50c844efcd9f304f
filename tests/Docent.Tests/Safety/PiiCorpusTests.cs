using Docent.Safety;
using Xunit.Abstractions;

namespace Docent.Tests.Safety;

public sealed class PiiCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void The_generated_corpus_is_deterministic_and_sixty_percent_planted()
    {
        var first = PiiCorpus.Generate();
        var second = PiiCorpus.Generate();

        Assert.Equal(500, first.Count);
        Assert.Equal(first.Select(s => s.Text), second.Select(s => s.Text));
        var planted = first.Count(s => s.Items.Count > 0) / (double)first.Count;
        Assert.InRange(planted, 0.5, 0.7);
    }

    [Fact]
    public void Precision_and_recall_on_500_sentences_with_planted_pii()
    {
        var detector = new PiiDetector();
        var kinds = PiiDetector.PatternKinds;
        var truePositives = new int[kinds.Length];
        var predicted = new int[kinds.Length];
        var planted = new int[kinds.Length];
        var corpus = PiiCorpus.Generate();
        output.WriteLine($"sentences: {corpus.Count}, with planted PII: {corpus.Count(s => s.Items.Count > 0)}");
        foreach (var sentence in corpus)
        {
            var found = detector.Find(sentence.Text);
            foreach (var item in sentence.Items)
            {
                planted[(int)item.Kind]++;
            }
            foreach (var match in found)
            {
                predicted[(int)match.Kind]++;
                if (sentence.Items.Any(i => i.Kind == match.Kind && i.Start == match.Start && i.Length == match.Length))
                {
                    truePositives[(int)match.Kind]++;
                }
                else
                {
                    output.WriteLine($"false positive {match.Kind} '{match.Value}' in: {sentence.Text}");
                }
            }
            foreach (var item in sentence.Items.Where(i => !found.Any(m => m.Kind == i.Kind && m.Start == i.Start && m.Length == i.Length)))
            {
                output.WriteLine($"missed {item.Kind} '{sentence.Text.Substring(item.Start, item.Length)}' in: {sentence.Text}");
            }
        }

        foreach (var kind in kinds)
        {
            var k = (int)kind;
            output.WriteLine($"{kind}: planted {planted[k]}, predicted {predicted[k]}, precision {Ratio(truePositives[k], predicted[k]):F3}, recall {Ratio(truePositives[k], planted[k]):F3}");
        }
        var precision = Ratio(truePositives.Sum(), predicted.Sum());
        var recall = Ratio(truePositives.Sum(), planted.Sum());
        output.WriteLine($"overall: planted {planted.Sum()}, predicted {predicted.Sum()}, precision {precision:F3}, recall {recall:F3}");

        Assert.True(precision >= 0.98, $"precision {precision:F3}");
        Assert.True(recall >= 0.98, $"recall {recall:F3}");
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 1 : numerator / (double)denominator;
}
