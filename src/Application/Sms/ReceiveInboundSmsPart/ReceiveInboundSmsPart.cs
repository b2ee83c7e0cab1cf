using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ReceiveInboundSmsPart;

/// <summary>Store one part of a long SMS; once all parts of its group are here, receive them as one SMS (see ADR 0007).</summary>
public sealed record ReceiveInboundSmsPartCommand(string Channel, string MessageId, string From, string To, string Reference, int PartNumber,
    int TotalParts, string Text, DateTimeOffset? ReceivedAt) : ICommand<ReceiveInboundSmsPartResult>;

/// <param name="InboundSmsId">the whole message, once this part completed it.</param>
public sealed record ReceiveInboundSmsPartResult(bool Duplicate, Guid? InboundSmsId);

/// <summary>Receive the groups that waited longer than <c>Sms:ConcatTimeout</c> with whatever parts arrived.</summary>
public sealed record AssembleExpiredSmsPartsCommand : ICommand<int>;

public sealed class ReceiveInboundSmsPartValidator : AbstractValidator<ReceiveInboundSmsPartCommand>
{
    public ReceiveInboundSmsPartValidator()
    {
        RuleFor(c => c.MessageId).NotEmpty().MaximumLength(InboundSms.MaxIdLength);
        RuleFor(c => c.From).NotEmpty().MaximumLength(InboundSms.MaxAddressLength);
        RuleFor(c => c.To).NotNull().MaximumLength(InboundSms.MaxAddressLength);
        RuleFor(c => c.Reference).NotEmpty().MaximumLength(64);
        RuleFor(c => c.TotalParts).InclusiveBetween(1, InboundSmsPart.MaxParts);
        RuleFor(c => c.PartNumber).GreaterThanOrEqualTo(1).LessThanOrEqualTo(c => c.TotalParts);
        RuleFor(c => c.Text).NotNull().MaximumLength(InboundSmsPart.MaxTextLength);
    }
}

public sealed class ReceiveInboundSmsPartHandler(IInboundSmsPartRepository parts, IInboundSmsRepository inbox, IUnitOfWork unitOfWork,
    IInboundSmsQueue queue, ISmsTextVault vault, IOptions<SmsOptions> options, TimeProvider clock)
    : ICommandHandler<ReceiveInboundSmsPartCommand, ReceiveInboundSmsPartResult>, ICommandHandler<AssembleExpiredSmsPartsCommand, int>
{
    public async ValueTask<ReceiveInboundSmsPartResult> Handle(ReceiveInboundSmsPartCommand c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var duplicate = false;
        parts.Add(InboundSmsPart.Receive(c.Channel, c.MessageId, c.From.Trim(), c.To.Trim(), c.Reference, c.PartNumber, c.TotalParts, c.Text,
            (c.ReceivedAt ?? now).ToUniversalTime(), now));
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            duplicate = true; // the carrier repeated this part; completing the group again below is harmless
        }
        return new(duplicate, await AssembleAsync(c.Channel, c.From.Trim(), c.Reference, force: false, ct));
    }

    public async ValueTask<int> Handle(AssembleExpiredSmsPartsCommand command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var groups = await parts.ListWaitingGroupsStoredBeforeAsync(now - options.Value.ConcatTimeout, 100, ct);
        foreach (var (channel, from, reference) in groups)
            await AssembleAsync(channel, from, reference, force: true, ct);
        await parts.DeleteAssembledStoredBeforeAsync(now - TimeSpan.FromDays(2), ct); // carriers stop retrying after a day
        return groups.Count;
    }

    /// <summary>The inbound SMS is stored (its password masked) and the parts marked, and emptied, in one commit; a crash in between leaves the parts waiting, and the
    /// next attempt finds the SMS by its id (the first part's), so the message is received exactly once.</summary>
    private async Task<Guid?> AssembleAsync(string channel, string from, string reference, bool force, CancellationToken ct)
    {
        var group = (await parts.ListGroupAsync(channel, from, reference, ct)).Where(p => !p.Assembled)
            .GroupBy(p => p.PartNumber).Select(g => g.First()).OrderBy(p => p.PartNumber).ToList();
        if (group.Count == 0 || (!force && group.Count < group[0].TotalParts)) return null;

        var first = group[0];
        var text = string.Concat(group.Select(p => p.Text));
        if (text.Length > InboundSms.MaxTextLength) text = text[..InboundSms.MaxTextLength];
        var sms = await inbox.FindAsync(channel, first.ExternalId, ct);
        var isNew = sms is null;
        if (sms is null)
        {
            var (stored, protectedText) = SmsPasswordShield.Shield(text, vault);
            sms = InboundSms.Receive(channel, first.ExternalId, first.From, first.To, stored, first.ReceivedAt, clock.GetUtcNow(), protectedText);
            inbox.Add(sms);
        }
        foreach (var part in group) part.MarkAssembled();
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return (await inbox.FindAsync(channel, first.ExternalId, ct))?.Id; // the last two parts arrived at once; the other request won
        }
        if (isNew) queue.Enqueue(sms.Id);
        return sms.Id;
    }
}
