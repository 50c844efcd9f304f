namespace Docent.Generation;

/// <summary>The instruction sets a matrix kernel can run on, slowest first; tests force each one the CPU has.</summary>
internal enum KernelPath
{
    /// <summary>Plain C#: the reference every other path is compared with.</summary>
    Scalar,

    /// <summary>Portable 128-bit vectors (<c>Vector128</c>), for CPUs without AVX2 (e.g. ARM64).</summary>
    Vector128,

    /// <summary>x86 AVX2 with FMA: 256-bit byte multiply-adds (<c>vpmaddubsw</c>).</summary>
    Avx2,

    /// <summary>x86 AVX-VNNI: 256-bit byte dot products straight into 32-bit sums (<c>vpdpbusd</c>).</summary>
    AvxVnni,

    /// <summary>x86 AVX-512 (F and BW): two blocks per 512-bit register.</summary>
    Avx512,
}
