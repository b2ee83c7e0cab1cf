using System.Text;
using System.Text.RegularExpressions;

namespace SmsCallback.ArchitectureTests;

/// <summary>The documentation lives in the repository and holds together: every relative link in README.md and docs/ reaches a file (and
/// its heading, when the link names one), and every document the code cites exists.</summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves(string document)
    {
        var path = Path.Combine(Root, document);
        var broken = new List<string>();
        foreach (var target in RelativeLinks(File.ReadAllText(path)))
        {
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var (file, anchor) = hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved)) broken.Add($"{target}: no such file");
            else if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(anchor))
                broken.Add($"{target}: no heading #{anchor}");
        }

        Assert.True(broken.Count == 0, $"{document} has broken links:\n{string.Join('\n', broken)}");
    }

    [Fact]
    public void The_link_check_finds_a_broken_link()
    {
        Assert.Equal(["missing.md", "README.md#nowhere"], RelativeLinks("See [a](missing.md), [b](README.md#nowhere), [c](https://example.com), `[d](x.md)`."));
        Assert.DoesNotContain("nowhere", Anchors(Path.Combine(Root, "README.md")));
    }

    [Fact]
    public void Every_document_the_code_cites_is_in_the_repository()
    {
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith("proj", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                         && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match cited in CitedDocument().Matches(File.ReadAllText(file)))
                if (!File.Exists(Path.Combine(Root, cited.Value))) missing.Add($"{Path.GetRelativePath(Root, file)}: {cited.Value}");
        }
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props" })
            foreach (Match cited in CitedDocument().Matches(File.ReadAllText(Path.Combine(Root, props))))
                if (!File.Exists(Path.Combine(Root, cited.Value))) missing.Add($"{props}: {cited.Value}");

        Assert.True(missing.Count == 0, "cited but not in the repository:\n" + string.Join('\n', missing));
    }

    /// <summary>Targets of inline links that are neither absolute URLs nor inside code.</summary>
    private static List<string> RelativeLinks(string markdown)
    {
        var text = InlineCode().Replace(FencedCode().Replace(markdown, ""), "");
        return [.. Link().Matches(text).Select(m => m.Groups["target"].Value.Trim())
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal))];
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    private static HashSet<string> Anchors(string markdownFile)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in FencedCode().Replace(File.ReadAllText(markdownFile), "").Split('\n'))
        {
            var heading = Heading().Match(line);
            if (!heading.Success) continue;
            var slug = new StringBuilder();
            foreach (var c in heading.Groups["text"].Value.Trim().ToLowerInvariant())
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++) anchor = $"{slug}-{n}";
        }
        return anchors;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SmsCallback.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SmsCallback.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^(```|~~~).*?^\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"docs/[A-Za-z0-9_./-]+\.md")]
    private static partial Regex CitedDocument();
}
