using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Sms;

/// <summary>
/// The operator's reply templates as this instance sees them: the whole table (a few hundred rows at most) read at once and kept for
/// <see cref="LocalizationOptions.TemplateCacheTime"/>; a change saved through this instance drops the copy at once, one saved through
/// another instance is seen within that time (ADR 0040). Replies are composed inside command handlers, so the read is synchronous: one
/// small query per period, not one per reply.
/// </summary>
internal sealed class ReplyTemplateCache(IServiceScopeFactory scopes, IOptions<LocalizationOptions> options, TimeProvider clock)
    : IReplyTemplateOverrides
{
    private readonly Lock _lock = new();
    private IReadOnlyDictionary<(string Language, string Key), string>? _templates;
    private DateTimeOffset _readAt;

    public string? Find(string language, string key) => Current().TryGetValue((language, key), out var text) ? text : null;

    public void Invalidate()
    {
        lock (_lock) _templates = null;
    }

    private IReadOnlyDictionary<(string Language, string Key), string> Current()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_templates is not null && now - _readAt < options.Value.TemplateCacheTime) return _templates;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            _templates = db.ReplyTemplates.AsNoTracking().ToDictionary(t => (t.Language, t.Key), t => t.Text);
            _readAt = now;
            return _templates;
        }
    }
}
