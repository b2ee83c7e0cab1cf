using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class ReplyTemplateRepository(AppDbContext db) : IReplyTemplateRepository
{
    public async Task<IReadOnlyList<ReplyTemplate>> ListAsync(CancellationToken ct) =>
        await db.ReplyTemplates.OrderBy(t => t.Language).ThenBy(t => t.Key).ToListAsync(ct);

    public Task<ReplyTemplate?> FindAsync(string language, string key, CancellationToken ct) =>
        db.ReplyTemplates.FirstOrDefaultAsync(t => t.Language == language && t.Key == key, ct);

    public void Add(ReplyTemplate template) => db.ReplyTemplates.Add(template);

    public void Remove(ReplyTemplate template) => db.ReplyTemplates.Remove(template);
}
