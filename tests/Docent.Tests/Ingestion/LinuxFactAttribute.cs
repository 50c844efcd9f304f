namespace Docent.Tests.Ingestion;

/// <summary>A fact that needs Linux file system features (devices, FIFOs, symbolic links, byte file names); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux: /dev/zero, mkfifo, symbolic links and file names that are raw bytes";
        }
    }
}
