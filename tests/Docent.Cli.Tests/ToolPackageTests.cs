using System.Diagnostics;
using System.Text.Json;
using Docent.Tests.TestSupport;

namespace Docent.Cli.Tests;

/// <summary>
/// The `docent` tool package is built per platform: `dotnet pack` makes a pointer package plus one package per runtime
/// identifier, and the linux-x64 one carries only Linux x64 native libraries (not ONNX Runtime for iOS, Android, macOS
/// and Windows). Checked through MSBuild's own evaluation of src/Docent.Cli (about a second each), not by packing,
/// which takes minutes; docs/benchmarks.md has the pack-and-install commands and the sizes they gave.
/// </summary>
public sealed class ToolPackageTests
{
    private static string Project => Path.Combine(RepositoryPaths.Root(), "src", "Docent.Cli", "Docent.Cli.csproj");

    [Fact]
    public async Task Pack_makes_one_tool_package_per_platform_with_a_readme()
    {
        using var json = await MsBuildAsync(
            "-getProperty:CreateRidSpecificToolPackages", "-getProperty:RuntimeIdentifiers", "-getProperty:SelfContained",
            "-getProperty:PackageReadmeFile", "-getItem:None");

        var properties = json.RootElement.GetProperty("Properties");
        Assert.Equal("true", properties.GetProperty("CreateRidSpecificToolPackages").GetString());
        Assert.Equal(
            ["linux-arm64", "linux-x64", "osx-arm64", "win-x64"],
            properties.GetProperty("RuntimeIdentifiers").GetString()!.Split(';', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Equal("false", properties.GetProperty("SelfContained").GetString());

        // The readme NuGet shows is packed at the package root under the name PackageReadmeFile gives.
        var readme = properties.GetProperty("PackageReadmeFile").GetString();
        Assert.False(string.IsNullOrEmpty(readme), "PackageReadmeFile is not set, so `dotnet pack` warns that the package has no readme");
        var packed = json.RootElement.GetProperty("Items").GetProperty("None").EnumerateArray()
            .Where(i => Metadata(i, "Pack") == "true" && Path.GetFileName(i.GetProperty("Identity").GetString()) == readme)
            .ToList();
        var item = Assert.Single(packed);
        Assert.True(File.Exists(item.GetProperty("FullPath").GetString()), "the package readme file is missing");
        Assert.Contains(Metadata(item, "PackagePath"), new[] { "/", "\\", string.Empty });
    }

    [Fact]
    public async Task The_linux_x64_package_carries_only_linux_x64_native_libraries()
    {
        // The files the linux-x64 tool package is made from: its publish list (PackTool packs the publish folder).
        using var json = await MsBuildAsync("-t:ComputeResolvedFilesToPublishList", "-p:RuntimeIdentifier=linux-x64", "-p:BuildProjectReferences=false", "-getItem:ResolvedFileToPublish");

        var files = json.RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray()
            .Select(i => i.GetProperty("RelativePath").GetString()!.Replace('\\', '/'))
            .ToList();
        Assert.Contains("docent.dll", files);
        Assert.Contains("libonnxruntime.so", files); // the ONNX embedding path still has its native library
        Assert.Contains("samples/handbook/welcome.md", files); // `docent demo` still has its corpus
        Assert.DoesNotContain(files, f => f.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".dylib", StringComparison.Ordinal) || f.EndsWith(".a", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) && f.EndsWith(".dll", StringComparison.Ordinal) && f != "Microsoft.ML.OnnxRuntime.dll");
    }

    private static string? Metadata(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static async Task<JsonDocument> MsBuildAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["msbuild", Project, "-nologo", "-p:Configuration=Release", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3)); // a guard against hangs, not a timing assertion
        await process.WaitForExitAsync(guard.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, "dotnet msbuild " + string.Join(' ', args) + " failed:\n" + output + await stderr);
        return JsonDocument.Parse(output);
    }
}
