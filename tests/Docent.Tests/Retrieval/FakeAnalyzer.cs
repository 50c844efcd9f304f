using Docent.Text;

namespace Docent.Tests.Retrieval;

/// <summary>A tiny analyzer for index tests: lower-cases and splits on anything but letters and digits. Thread-safe.</summary>
internal sealed class FakeAnalyzer(string name = "fake-v1") : ITextAnalyzer
{
    public string Name { get; } = name;

    public IReadOnlyList<Token> Analyze(string text)
    {
        var tokens = new List<Token>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool word = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (word && start < 0)
            {
                start = i;
            }
            else if (!word && start >= 0)
            {
                tokens.Add(new Token(text[start..i].ToLowerInvariant(), tokens.Count, start, i - start));
                start = -1;
            }
        }

        return tokens;
    }
}
