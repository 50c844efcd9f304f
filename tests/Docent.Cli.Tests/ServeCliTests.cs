using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>`docent serve` refuses, in one clear line, to listen beyond loopback when no API keys are set.</summary>
public sealed class ServeCliTests
{
    [Fact]
    public async Task ServeWithoutKeys_OnAllInterfaces_ExitsWithOneClearError()
    {
        using var data = new TempDirectory();
        var info = DocentProcess.StartInfo("serve", "--data", data.Path, "--urls", "http://0.0.0.0:18099");
        info.Environment.Remove("DOCENT_SERVER__ADMINKEY");
        using var process = System.Diagnostics.Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("Refusing to listen on http://0.0.0.0:18099 without API keys", await stderr, StringComparison.Ordinal);
        Assert.Contains("DOCENT_SERVER__ADMINKEY", await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await stderr, StringComparison.Ordinal);
    }
}
