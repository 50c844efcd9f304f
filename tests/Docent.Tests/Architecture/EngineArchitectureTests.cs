using System.Reflection;
using Docent.Hosting;
using Docent.Tests.Architecture.Sample.Ranking;

namespace Docent.Tests.Architecture;

/// <summary>
/// The engine's folders read as the two pipelines and their parts, and arrows run one way (docs/architecture.md draws
/// the same picture): leaves (text, file formats, telemetry names) at the bottom, the ingest and ask orchestration
/// above their stages, the composition root (Hosting) and evaluation on top. Model runtimes stay out of the engine.
/// </summary>
public sealed class EngineArchitectureTests
{
    /// <summary>Each engine folder and the folders it may use. Adding an arrow here is a design decision: say why in the commit.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> EngineFolders = new Dictionary<string, string[]>
    {
        // Leaves.
        ["Text"] = [],
        ["Diagnostics"] = [],
        ["FileFormats"] = [],
        // Trust: finding personal data and text that addresses the model; used by ingest and answering (issue 19).
        ["Safety"] = ["Text"],
        // Ingest stages.
        ["Documents.Ocr"] = [],
        ["Documents"] = ["Documents.Ocr", "Text", "Diagnostics"],
        ["Chunking"] = ["Text", "Documents"],
        ["Models"] = ["Diagnostics"],
        ["Storage"] = ["Models", "Diagnostics"],
        ["Vectors"] = ["FileFormats", "Diagnostics"],
        ["Retrieval.Segments"] = [],
        ["Retrieval"] = ["Retrieval.Segments", "Storage", "Vectors", "Text", "FileFormats", "Diagnostics"],
        ["Indexing"] = ["Storage", "Retrieval", "Vectors", "Models", "FileFormats", "Diagnostics"],
        ["Ingestion"] = ["Documents", "Chunking", "Storage", "Indexing", "Safety", "Text", "Diagnostics"],
        // Ask stages.
        ["Conversation"] = ["Text", "Diagnostics"],
        ["Grounding"] = ["Text", "Diagnostics"],
        ["Answering.Extractive"] = ["Grounding", "Safety", "Text", "Diagnostics"],
        // Generative uses Safety to label flagged sources in the prompt and to caution answers that cite them (issue 19).
        ["Answering.Generative"] = ["Grounding", "Models", "Safety", "Text", "Diagnostics"],
        // Asking uses Text for the answer cache's question normalisation (NFC composition without ICU).
        ["Asking"] = ["Retrieval", "Conversation", "Storage", "Text", "Diagnostics"],
        // Readers' thumbs on answers (the browser page's feedback), kept beside the store and exported as a golden set (issue 20).
        ["Feedback"] = ["Diagnostics"],
        // Composition and measurement.
        ["Hosting"] =
        [
            "Text", "Diagnostics", "FileFormats", "Safety", "Documents", "Documents.Ocr", "Chunking", "Models", "Storage", "Vectors", "Retrieval", "Retrieval.Segments", "Indexing",
            "Ingestion", "Conversation", "Grounding", "Answering.Extractive", "Answering.Generative", "Asking", "Agents",
        ],
        // The engine inside an application (AddDocent): a collection as an IChatClient and as AIFunctions over the ask and retrieval stages.
        ["Agents"] = ["Asking", "Retrieval", "Conversation"],
        ["Evaluation"] = ["Hosting", "Ingestion", "Retrieval", "Storage", "Asking", "Text", "Diagnostics"],
    };

    private static readonly Assembly Engine = typeof(DataFolder).Assembly;

    [Fact]
    public void TheDeclaredFolderArrowsFormNoCycle() =>
        Assert.Null(new FolderRules("Docent", EngineFolders).FindCycle());

    [Fact]
    public void EveryEngineTypeUsesOnlyTheFoldersItsFolderMayUse()
    {
        var violations = new FolderRules("Docent", EngineFolders).FindViolations(TypeDependencyReader.Read(Engine.Location));
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void TheEngineReferencesNeitherOnnxRuntimeNorTheModelRuntimes()
    {
        var referenced = Engine.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain(referenced, name => name!.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal));
        Assert.DoesNotContain("Docent.Generation", referenced);
        Assert.DoesNotContain("Docent.Models.Onnx", referenced);
    }

    [Fact]
    public void TheAbstractionsReferenceNoOtherDocentAssembly()
    {
        var referenced = typeof(Docent.Retrieval.IRetriever).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(referenced, name => name.StartsWith("Docent", StringComparison.Ordinal));
    }

    [Fact]
    public void AWrongArrowIsFoundAndNamesTheOffendingType()
    {
        // The sample folders below: Ranking may use Storing, not the other way; SampleStore reaches up into Ranking.
        var rules = new FolderRules("Docent.Tests.Architecture.Sample", new Dictionary<string, string[]>
        {
            ["Storing"] = [],
            ["Ranking"] = ["Storing"],
        });
        var violations = rules.FindViolations(TypeDependencyReader.Read(typeof(SampleRanker).Assembly.Location));
        var violation = Assert.Single(violations);
        Assert.Contains("Docent.Tests.Architecture.Sample.Storing.SampleStore uses Docent.Tests.Architecture.Sample.Ranking.SampleRanker", violation, StringComparison.Ordinal);
        Assert.Contains("Storing may not depend on Ranking", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeclaredCycleIsReported()
    {
        var rules = new FolderRules("X", new Dictionary<string, string[]> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"] });
        Assert.Equal("A → B → C → A", rules.FindCycle());
    }
}
