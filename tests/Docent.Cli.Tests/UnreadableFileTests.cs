using System.Diagnostics;
using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// A file the process may not read fails with a reason and the rest of the batch ingests. Root reads every
/// file regardless of permissions, so under root (as in CI) the CLI runs via setpriv without the capabilities that
/// override file permissions (it stays root, so it can still read a checkout in a folder only root may enter).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnreadableFileTests : IDisposable
{
    private readonly TempDirectory _docs = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        File.SetUnixFileMode(Path.Combine(_docs.Path, "locked.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _docs.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task An_unreadable_file_fails_by_name_and_the_rest_ingests()
    {
        _docs.Write("open.txt", "The open file mentions lighthouses.\n");
        var locked = _docs.Write("locked.txt", "The locked file mentions submarines.\n");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        File.SetUnixFileMode(_data.Path, (UnixFileMode)0b111_111_111);
        File.SetUnixFileMode(_docs.Path, (UnixFileMode)0b111_101_101);

        var info = DocentProcess.StartInfo("ingest", _docs.Path, "--data", _data.Path, "--json");
        if (Environment.UserName == "root")
        {
            Assert.True(File.Exists("/usr/bin/setpriv"), "running as root needs setpriv (util-linux) to drop the permission-override capabilities");
            info.ArgumentList.Insert(0, info.FileName);
            foreach (var arg in new[] { "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search" })
            {
                info.ArgumentList.Insert(0, arg);
            }

            info.FileName = "/usr/bin/setpriv";
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}, expected 2; stderr: {await stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(1, json.RootElement.GetProperty("added").GetInt32());
        var failure = Assert.Single(json.RootElement.GetProperty("failed").EnumerateArray());
        Assert.EndsWith("locked.txt", failure.GetProperty("path").GetString());
        Assert.Contains("permission denied", failure.GetProperty("error").GetString());
    }
}
