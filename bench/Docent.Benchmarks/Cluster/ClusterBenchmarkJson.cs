using System.Text.Json.Serialization;

namespace Docent.Benchmarks.Cluster;

/// <summary>Source-generated JSON of <see cref="ClusterBenchmarkResult"/> (camelCase, one line), for `docent bench cluster --json`.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(ClusterBenchmarkResult))]
public sealed partial class ClusterBenchmarkJson : JsonSerializerContext;
