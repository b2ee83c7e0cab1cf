using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.SendOutboundSms;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.UnitTests.Sms.SendOutboundSms;

public sealed class SendOutboundSmsHandlerTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    private static (SendOutboundSmsHandler Handler, ISmsSender Sender, OutboundSms Sms) Arrange(string text, int maxSegments)
    {
        var sms = OutboundSms.Create(OutboundSmsKind.Reply, "kannel", "+48600316058", "48500100200", text, Guid.NewGuid(), Clock.GetUtcNow());
        var outbox = Substitute.For<IOutboundSmsRepository>();
        outbox.GetAsync(sms.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<OutboundSms?>(sms));
        var sender = Substitute.For<ISmsSender>();
        sender.SendAsync(Arg.Any<OutgoingSms>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(SmsSendResult.Success("id-1")));
        var attempt = new OutboundSmsAttempt(sender, Substitute.For<IBlockedPrefixRepository>(), Clock, Options.Create(new SmsOptions { MaxReplySegments = maxSegments }));
        var handler = new SendOutboundSmsHandler(outbox, attempt, Substitute.For<IUnitOfWork>());
        return (handler, sender, sms);
    }

    [Fact]
    public async Task A_reply_longer_than_the_allowed_parts_leaves_shortened_at_a_word_with_three_dots()
    {
        var text = string.Join(' ', Enumerable.Repeat("balance", 40));
        var (handler, sender, sms) = Arrange(text, maxSegments: 1);

        Assert.Equal(SendOutcome.Sent, await handler.Handle(new SendOutboundSmsCommand(sms.Id), default));
        await sender.Received(1).SendAsync(Arg.Is<OutgoingSms>(o => o.Text.Length <= 160 && o.Text.EndsWith("balance...") && o.From == "48500100200"),
            Arg.Any<CancellationToken>());
        Assert.Equal(OutboundSmsStatus.Sent, sms.Status);
    }

    [Fact]
    public async Task Two_allowed_parts_let_a_two_part_reply_through_unchanged()
    {
        var text = string.Join(' ', Enumerable.Repeat("balance", 30)); // 239 characters: two GSM-7 parts
        var (handler, sender, sms) = Arrange(text, maxSegments: 2);

        await handler.Handle(new SendOutboundSmsCommand(sms.Id), default);
        await sender.Received(1).SendAsync(Arg.Is<OutgoingSms>(o => o.Text == text), Arg.Any<CancellationToken>());
    }
}
