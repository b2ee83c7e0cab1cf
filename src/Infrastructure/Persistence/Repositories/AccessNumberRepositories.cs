using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class AccessNumberRepository(AppDbContext db) : IAccessNumberRepository
{
    public Task<AccessNumber?> GetAsync(Guid id, CancellationToken ct) => db.AccessNumbers.FirstOrDefaultAsync(n => n.Id == id, ct);

    public async Task<IReadOnlyList<AccessNumber>> ListAsync(CancellationToken ct) =>
        await db.AccessNumbers.OrderBy(n => n.Number).ToListAsync(ct);

    public Task<AccessNumber?> FindByNumberAsync(string channel, string numberKey, CancellationToken ct) =>
        HotQueries.AccessNumberByKey(db, channel, numberKey, ct);

    public async Task<IReadOnlyList<AccessNumber>> FindBySecretHashAsync(string channel, string secretHash, CancellationToken ct) =>
        await db.AccessNumbers.Where(n => n.Channel == channel && n.SecretHash == secretHash).ToListAsync(ct);

    public void Add(AccessNumber number) => db.AccessNumbers.Add(number);

    public void Remove(AccessNumber number) => db.AccessNumbers.Remove(number);
}

internal sealed class InboundSmsPartRepository(AppDbContext db) : IInboundSmsPartRepository
{
    public async Task<IReadOnlyList<InboundSmsPart>> ListGroupAsync(string channel, string from, string reference, CancellationToken ct) =>
        await db.InboundSmsParts.Where(p => p.Channel == channel && p.From == from && p.Reference == reference).ToListAsync(ct);

    public async Task<IReadOnlyList<(string Channel, string From, string Reference)>> ListWaitingGroupsStoredBeforeAsync(DateTimeOffset before, int max,
        CancellationToken ct) =>
        [.. (await db.InboundSmsParts.Where(p => !p.Assembled && p.StoredAt < before)
            .Select(p => new { p.Channel, p.From, p.Reference }).Distinct().Take(max).ToListAsync(ct))
            .Select(g => (g.Channel, g.From, g.Reference))];

    public Task DeleteAssembledStoredBeforeAsync(DateTimeOffset before, CancellationToken ct) =>
        db.InboundSmsParts.Where(p => p.Assembled && p.StoredAt < before).ExecuteDeleteAsync(ct);

    public void Add(InboundSmsPart part) => db.InboundSmsParts.Add(part);
}
