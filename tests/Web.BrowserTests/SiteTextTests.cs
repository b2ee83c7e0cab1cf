using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SmsCallback.Web.BrowserTests;

/// <summary>Every text the pages ask for (<c>L["…"]</c>, <c>Text["…"]</c>) is in <c>SiteText.resx</c>, so a translation (another
/// <c>SiteText.&lt;culture&gt;.resx</c>) can cover the whole site; a missing key would show its own name in every language.</summary>
public sealed partial class SiteTextTests
{
    [Fact]
    public void Every_text_of_the_pages_is_a_resource()
    {
        var api = Path.Combine(RepositoryRoot(), "src", "Api");
        var keys = XDocument.Load(Path.Combine(api, "Web", "SiteText.resx")).Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var sources = Directory.EnumerateFiles(Path.Combine(api, "Pages"), "*.cs*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(api, "Web"), "*.cs"));
        var missing = sources.SelectMany(file => Usage().Matches(File.ReadAllText(file))
                .Select(m => Regex.Unescape(m.Groups[1].Value)).Where(key => !keys.Contains(key)).Select(key => $"{Path.GetFileName(file)}: {key}"))
            .Distinct().ToList();
        Assert.True(missing.Count == 0, "Texts missing from SiteText.resx:\n" + string.Join('\n', missing));
        Assert.True(keys.Count > 100, $"only {keys.Count} texts found");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmsCallback.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("SmsCallback.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\b(?:L|Text|text)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Usage();
}
