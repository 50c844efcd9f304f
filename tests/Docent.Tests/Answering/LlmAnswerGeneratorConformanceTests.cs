using Docent.Answering;
using Docent.Answering.Extractive;
using Docent.Answering.Generative;
using Docent.Grounding;
using Docent.Tests.TestSupport;
using Docent.Text;

namespace Docent.Tests.Answering;

/// <summary>The LLM generator against the shared contract, its model a fake that gives the fact's reply (the grounding is what is tested).</summary>
public sealed class LlmAnswerGeneratorConformanceTests : AnswerGeneratorConformanceTests
{
    protected override IAnswerGenerator Create(string modelReply) => new LlmAnswerGenerator(
        new FakeChatClient(modelReply),
        new GroundingChecker(new EnglishAnalyzer(), new SentenceSplitter()),
        new SentenceSplitter());
}
