using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Notices.SendLowBalanceNotices;

/// <summary>The daily low-balance notice (docs/product.md §9): one Notice SMS to the first registered phone of each active account whose balance
/// is below <see cref="NoticesOptions.LowBalanceThreshold"/>, at most once a UTC day per account, in the account's language. Returns how many were queued.</summary>
public sealed record SendLowBalanceNoticesCommand : ICommand<int>;

public sealed class SendLowBalanceNoticesHandler(
    IAccountRepository accounts, IOutboundSmsRepository outbox, IUnitOfWork unitOfWork, IBackgroundJobs jobs, IOptions<NoticesOptions> options,
    TimeProvider clock, IReplyTexts texts) : ICommandHandler<SendLowBalanceNoticesCommand, int>
{
    public async ValueTask<int> Handle(SendLowBalanceNoticesCommand command, CancellationToken ct)
    {
        if (options.Value.LowBalanceThreshold is not { } threshold) return 0;
        var now = clock.GetUtcNow();
        var queued = new List<Guid>();
        foreach (var (account, phone) in await accounts.ListActiveWithBalanceBelowAsync(threshold, ct))
        {
            if (phone is null || !account.TryMarkLowBalanceNotice(now)) continue;
            var replies = texts.In(account.Language);
            var text = replies.Text("LowBalance", ("balance", replies.Money(account.Balance)), ("currency", account.Currency));
            var sms = OutboundSms.Create(OutboundSmsKind.Notice, options.Value.Channel, phone, null, text, null, now);
            outbox.Add(sms);
            queued.Add(sms.Id);
        }
        // the outbox rows and the accounts' notice dates are saved together; then the SMS go to the sender
        unitOfWork.OnCommitted(_ => { foreach (var id in queued) jobs.EnqueueSendSms(id); return Task.CompletedTask; });
        return queued.Count;
    }
}
