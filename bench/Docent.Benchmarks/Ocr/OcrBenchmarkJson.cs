using System.Text.Json.Serialization;

namespace Docent.Benchmarks.Ocr;

/// <summary>Source-generated JSON of <see cref="OcrBenchmarkResult"/> (camelCase, one line), for `docent bench ocr --json`.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(OcrBenchmarkResult))]
public sealed partial class OcrBenchmarkJson : JsonSerializerContext;
