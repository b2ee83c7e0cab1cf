using Mediator;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.Sms.GetReplyTemplate;

/// <summary>One reply in one language: the text in use, the shipped default, the placeholders it takes and a sample.</summary>
public sealed record GetReplyTemplateQuery(string Language, string Key) : IQuery<Result<ReplyTemplateView>>;

public sealed record ReplyTemplateView(string Language, string Key, string Text, string DefaultText, IReadOnlyList<string> Placeholders,
    bool Overridden, DateTimeOffset? UpdatedAt, ReplySample Sample);

public sealed class GetReplyTemplateHandler(ReplyCatalog catalog, IReplyTemplateRepository templates)
    : IQueryHandler<GetReplyTemplateQuery, Result<ReplyTemplateView>>
{
    public async ValueTask<Result<ReplyTemplateView>> Handle(GetReplyTemplateQuery query, CancellationToken ct)
    {
        var language = query.Language.ToLowerInvariant();
        if (!catalog.Has(language) || !catalog.Keys.Contains(query.Key)) return Error.NotFound("No such language or reply.");
        var saved = await templates.FindAsync(language, query.Key, ct);
        var shipped = catalog.Template(language, query.Key);
        var text = saved?.Text ?? shipped;
        return new ReplyTemplateView(language, query.Key, text, shipped, [.. catalog.PlaceholdersOf(query.Key).Order(StringComparer.Ordinal)],
            saved is not null, saved?.UpdatedAt, ReplySample.Of(text));
    }
}
