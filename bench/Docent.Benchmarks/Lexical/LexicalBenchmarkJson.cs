using System.Text.Json.Serialization;

namespace Docent.Benchmarks.Lexical;

/// <summary>Source-generated JSON of <see cref="LexicalBenchmarkResult"/> and <see cref="ColdSearchResult"/> (camelCase, one line), for `docent bench lexical --json`.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(LexicalBenchmarkResult))]
[JsonSerializable(typeof(ColdSearchResult))]
public sealed partial class LexicalBenchmarkJson : JsonSerializerContext;
