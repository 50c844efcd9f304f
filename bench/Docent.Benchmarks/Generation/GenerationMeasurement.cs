using Docent.Generation;

namespace Docent.Benchmarks.Generation;

/// <summary>One configuration of <see cref="GenerationBenchmark.Measure"/>: speeds and memory of one process. Immutable.</summary>
/// <param name="File">The model file measured.</param>
/// <param name="Type">The element type of its matrices (F32, Q8_0, ...).</param>
/// <param name="Threads">Threads per matrix product.</param>
/// <param name="KernelPath">The SIMD path the kernels used (e.g. AvxVnni).</param>
/// <param name="LoadSeconds">Opening the file and binding the weights.</param>
/// <param name="DecodeTokensPerSecond">Decode steps per second (forward + argmax, from BOS, after the warm-up).</param>
/// <param name="PromptTokensPerSecond">Prompt tokens per second.</param>
/// <param name="PeakResidentBytes">Peak resident memory of the process (VmHWM: mapped file pages it touched, plus heap).</param>
/// <param name="FirstTokens">The first decoded token ids (to compare runs and peers).</param>
/// <param name="PromptArgMaxes">The most likely next token after each prompt position (to compare with a peer).</param>
public sealed record GenerationMeasurement(
    string File, string Type, int Threads, string KernelPath, double LoadSeconds, double DecodeTokensPerSecond, double PromptTokensPerSecond,
    long PeakResidentBytes, IReadOnlyList<int> FirstTokens, IReadOnlyList<int> PromptArgMaxes);
