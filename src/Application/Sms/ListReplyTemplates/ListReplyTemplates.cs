using Mediator;
using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.Sms.ListReplyTemplates;

/// <summary>Every reply in every language, marking those the operator reworded.</summary>
public sealed record ListReplyTemplatesQuery : IQuery<ReplyTemplateList>;

public sealed record ReplyTemplateItem(string Language, string Key, string Text, bool Overridden, DateTimeOffset? UpdatedAt);

public sealed record ReplyTemplateList(IReadOnlyCollection<string> Languages, IReadOnlyList<ReplyTemplateItem> Templates);

public sealed class ListReplyTemplatesHandler(ReplyCatalog catalog, IReplyTemplateRepository templates)
    : IQueryHandler<ListReplyTemplatesQuery, ReplyTemplateList>
{
    public async ValueTask<ReplyTemplateList> Handle(ListReplyTemplatesQuery query, CancellationToken ct)
    {
        var saved = (await templates.ListAsync(ct)).ToDictionary(t => (t.Language, t.Key));
        var items = catalog.Languages.SelectMany(language => catalog.Keys.Select(key => saved.TryGetValue((language, key), out var t)
            ? new ReplyTemplateItem(language, key, t.Text, true, t.UpdatedAt)
            : new ReplyTemplateItem(language, key, catalog.Template(language, key), false, null))).ToList();
        return new ReplyTemplateList(catalog.Languages, items);
    }
}
