using System.Diagnostics;
using SmsCallback.Application.Ivr.Speech;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

/// <summary>scripts/generate-prompts.sh, run for real with Debian's espeak-ng and sox (test.sh installs them).</summary>
public sealed class PromptRecordingTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("prompts-").FullName;

    [Fact]
    public async Task Every_prompt_of_every_shipped_language_is_recorded_as_8_kHz_mono_audio_in_the_layout_Asterisk_reads()
    {
        var (exit, output) = await RunAsync(_out);
        Assert.True(exit == 0, output);

        foreach (var language in PromptCatalog.Languages)
        {
            foreach (var name in PromptCatalog.Texts(language).Keys)
            {
                var file = Path.Combine(_out, language, "smscallback", name + ".wav");
                Assert.True(File.Exists(file), $"{language}: {name} was not recorded");
                var header = new byte[44];
                await using (var stream = File.OpenRead(file)) await stream.ReadExactlyAsync(header);
                Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(header, 0, 4));
                Assert.Equal(1, BitConverter.ToInt16(header, 22)); // mono
                Assert.Equal(8000, BitConverter.ToInt32(header, 24)); // 8 kHz
                Assert.Equal(16, BitConverter.ToInt16(header, 34)); // 16-bit
                Assert.True(new FileInfo(file).Length > 44 + 8000 / 10, $"{language}: {name} is shorter than 50 ms of sound");
            }
        }
    }

    [Fact]
    public async Task A_language_without_prompt_texts_is_refused_by_name()
    {
        var (exit, output) = await RunAsync(_out, "xx");
        Assert.Equal(2, exit);
        Assert.Contains("no prompt texts for 'xx'", output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_out));
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SmsCallback.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("SmsCallback.sln not found");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "generate-prompts.sh"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
