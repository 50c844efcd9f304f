using System.Text.Json.Serialization;

namespace Docent.Benchmarks.Lexical;

/// <summary>Source-generated JSON of <see cref="LexicalBenchmarkResult"/> (camelCase, one line), for `docent bench lexical --json`.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LexicalBenchmarkResult))]
public sealed partial class LexicalBenchmarkJson : JsonSerializerContext;
