using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Forwarders.ReceiveForwardedSms;

/// <summary>A batch a (verified) forwarder delivers. Each message is stored once per (forwarder, key): a forwarder that resends a batch
/// after a lost answer gets the same ids back and nothing happens twice.</summary>
public sealed record ReceiveForwardedSmsCommand(Guid ForwarderId, IReadOnlyList<ForwardedSms> Messages, int? SignalQuality, int? Registration)
    : ICommand<Result<IReadOnlyList<ForwardedSmsReceipt>>>, Common.Behaviours.IRetryOnConflict;

public sealed record ForwardedSms(string Key, string From, string Text, DateTimeOffset? ReceivedAt);

public sealed record ForwardedSmsReceipt(string Key, Guid Id, bool Duplicate);

public sealed class ReceiveForwardedSmsValidator : AbstractValidator<ReceiveForwardedSmsCommand>
{
    public const int MaxBatch = 100;

    public ReceiveForwardedSmsValidator()
    {
        RuleFor(c => c.Messages).NotNull().Must(m => m.Count <= MaxBatch).WithMessage($"At most {MaxBatch} messages per batch.");
        RuleForEach(c => c.Messages).ChildRules(m =>
        {
            m.RuleFor(x => x.Key).NotEmpty().MaximumLength(Forwarder.MaxMessageKeyLength);
            m.RuleFor(x => x.From).NotEmpty().MaximumLength(InboundSms.MaxAddressLength);
            m.RuleFor(x => x.Text).NotNull().MaximumLength(InboundSms.MaxTextLength);
        });
    }
}

/// <remarks>The batch is one unit of work; when a resent batch races this one, the loser runs again and finds its messages stored.</remarks>
public sealed class ReceiveForwardedSmsHandler(IForwarderRepository forwarders, InboundSmsReception reception, TimeProvider clock)
    : ICommandHandler<ReceiveForwardedSmsCommand, Result<IReadOnlyList<ForwardedSmsReceipt>>>
{
    public async ValueTask<Result<IReadOnlyList<ForwardedSmsReceipt>>> Handle(ReceiveForwardedSmsCommand command, CancellationToken ct)
    {
        var forwarder = await forwarders.GetAsync(command.ForwarderId, ct);
        if (forwarder is null) return Error.NotFound("No such forwarder.");

        var receipts = new List<ForwardedSmsReceipt>(command.Messages.Count);
        var inThisBatch = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var message in command.Messages)
        {
            if (inThisBatch.TryGetValue(message.Key, out var first))
            {
                receipts.Add(new ForwardedSmsReceipt(message.Key, first, Duplicate: true));
                continue;
            }
            var stored = await reception.ReceiveAsync(Forwarder.Channel, $"{forwarder.Id}:{message.Key}", message.From, forwarder.AccessNumber,
                message.Text, message.ReceivedAt, ct);
            inThisBatch[message.Key] = stored.Id;
            receipts.Add(new ForwardedSmsReceipt(message.Key, stored.Id, stored.Duplicate));
        }
        forwarder.RecordContact(clock.GetUtcNow(), command.SignalQuality, command.Registration);
        return receipts;
    }
}
