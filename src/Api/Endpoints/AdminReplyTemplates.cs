using Mediator;
using SmsCallback.Application.Sms.DeleteReplyTemplate;
using SmsCallback.Application.Sms.GetReplyTemplate;
using SmsCallback.Application.Sms.ListReplyTemplates;
using SmsCallback.Application.Sms.SaveReplyTemplate;
using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>The operator's wording of the replies, per language (docs/languages.md).</summary>
internal sealed class AdminReplyTemplates : IAdminEndpointGroup
{
    public sealed record TemplateRequest(string? Text);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/reply-templates").WithTags("Reply templates");

        group.MapGet("", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListReplyTemplatesQuery(), ct)))
            .WithSummary("Every reply key in every language with the text in use; \"overridden\" marks the operator's own wording.");

        group.MapGet("/{language}/{key}", (string language, string key, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new GetReplyTemplateQuery(language, key), ct), Results.Ok))
            .WithSummary("One reply: the text in use, the shipped default, its placeholders and a sample filled in with long values.");

        group.MapPut("/{language}/{key}", async (string language, string key, TemplateRequest body, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new SaveReplyTemplateCommand(language, key, body.Text ?? ""), ct)))
            .WithSummary("{\"text\": …} with exactly the reply's {placeholders} (else 400 with the reasons); the answer is a sample and a " +
                "warning when it no longer fits one SMS.");

        group.MapDelete("/{language}/{key}", (string language, string key, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new DeleteReplyTemplateCommand(language, key), ct), _ => Results.NoContent()))
            .WithSummary("Back to the shipped wording.");
    }
}
