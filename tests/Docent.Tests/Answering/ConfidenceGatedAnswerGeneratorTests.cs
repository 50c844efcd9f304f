using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Answering.Generative;
using Docent.Retrieval;
using Docent.Text;

namespace Docent.Tests.Answering;

/// <summary>
/// The LLM path's answer-or-refuse: the real extractive answerer gates a recording stand-in for the model, so a question
/// the passages cannot answer is refused with the closest passages and never reaches the model, and an answer the model
/// writes carries the extractive confidence — for whole and streamed answers.
/// </summary>
public sealed class ConfidenceGatedAnswerGeneratorTests
{
    private static readonly IReadOnlyList<RetrievedChunk> Context = AnswerContext.Of(
        "Full-time employees receive 27 days of paid annual leave each year, plus public holidays.",
        "Expense reports are not accepted after 30 days. Receipts must be attached to every report.");

    private readonly RecordingModel _model = new();

    private ConfidenceGatedAnswerGenerator Gated() => new(_model, new ExtractiveAnswerGenerator(new EnglishAnalyzer(), new SentenceSplitter()));

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("Which volcano erupted in Iceland in 2010?")]
    public async Task A_question_the_passages_cannot_answer_is_refused_without_calling_the_model(string question)
    {
        var answer = await Gated().GenerateAsync(question, Context);
        var streamed = await Gated().GenerateStreamingAsync(question, Context).ToListAsync();

        Assert.False(answer.Found);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.NotEmpty(answer.ClosestPassages);
        Assert.False(streamed[^1].Answer!.Found);
        Assert.Equal(Answer.NotFoundText, streamed[0].Delta);
        Assert.Equal(0, _model.Calls);
    }

    [Fact]
    public async Task An_answerable_question_is_written_by_the_model_and_carries_the_extractive_confidence()
    {
        const string Question = "How many days of paid annual leave do full-time employees receive?";

        var answer = await Gated().GenerateAsync(Question, Context);
        var streamed = await Gated().GenerateStreamingAsync(Question, Context).ToListAsync();
        var extractive = await new ExtractiveAnswerGenerator(new EnglishAnalyzer(), new SentenceSplitter()).GenerateAsync(Question, Context);

        Assert.Equal(2, _model.Calls);
        Assert.Equal(RecordingModel.Text, answer.Text);
        Assert.NotNull(answer.Confidence);
        Assert.Equal(extractive.Confidence, answer.Confidence);
        Assert.Equal(RecordingModel.Text, streamed[^1].Answer!.Text);
        Assert.Equal(extractive.Confidence, streamed[^1].Answer!.Confidence);
        Assert.Equal(RecordingModel.Text, string.Concat(streamed.Where(u => !u.IsFinal).Select(u => u.Delta)));
    }

    /// <summary>Stands in for the LLM answerer: counts calls and answers with fixed text, streamed in two pieces.</summary>
    private sealed class RecordingModel : IStreamingAnswerGenerator
    {
        public const string Text = "Full-time employees get 27 days [1].";

        public int Calls { get; private set; }

        public Task<Answer> GenerateAsync(string question, IReadOnlyList<RetrievedChunk> context, AnswerOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new Answer(question, Text, true, [], []) { Model = "stand-in" });
        }

        public async IAsyncEnumerable<AnswerUpdate> GenerateStreamingAsync(
            string question, IReadOnlyList<RetrievedChunk> context, AnswerOptions? options = null,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var answer = await GenerateAsync(question, context, options, cancellationToken);
            yield return AnswerUpdate.FromDelta(Text[..10]);
            yield return AnswerUpdate.FromDelta(Text[10..]);
            yield return AnswerUpdate.FromAnswer(answer);
        }
    }
}
