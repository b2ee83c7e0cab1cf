using SmsCallback.Application.Ivr.Speech;

namespace SmsCallback.Application.UnitTests.Ivr;

/// <summary>docs/prompts.md lists every prompt of every shipped language with its text, so the documented list cannot drift from
/// <c>Ivr/Prompts/&lt;language&gt;.txt</c>.</summary>
public sealed class PromptDocsTests
{
    [Fact]
    public void The_prompt_table_in_docs_prompts_md_is_the_one_the_prompt_files_make()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "SmsCallback.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("SmsCallback.sln not found");
        var documented = File.ReadAllLines(Path.Combine(root, "docs", "prompts.md")).Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Equal(["en", "pl"], PromptCatalog.Languages);
        Assert.Equal(ExpectedRows(), documented);
    }

    /// <summary>One row per prompt name, in the order of the English file and then the names only Polish has: name, English, Polish.</summary>
    private static List<string> ExpectedRows()
    {
        var (en, pl) = (PromptCatalog.Texts("en"), PromptCatalog.Texts("pl"));
        var names = en.Keys.Concat(pl.Keys.Where(k => !en.ContainsKey(k))).ToList();
        return [.. names.Select(n => $"| `{n}` | {Cell(en, n)} | {Cell(pl, n)} |")];
    }

    private static string Cell(IReadOnlyDictionary<string, string> texts, string name) => texts.TryGetValue(name, out var text) ? text : "—";
}
