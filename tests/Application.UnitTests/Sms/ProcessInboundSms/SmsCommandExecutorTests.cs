using SmsCallback.Application.Sms;
using SmsCallback.Application.UnitTests.Common;

namespace SmsCallback.Application.UnitTests.Sms.ProcessInboundSms;

/// <summary>Who is trusted (replies not throttled) and what the admin inbox records, straight from the executor.</summary>
public sealed class SmsCommandExecutorTests
{
    private const string Sender = "+48600316058";
    private readonly InboundSmsHarness _h = new();

    [Fact]
    public async Task An_unknown_sender_is_not_trusted()
    {
        var outcome = await _h.Executor.ExecuteAsync(_h.Sms(Sender, "D.48774417880"), Sender, CancellationToken.None);

        Assert.False(outcome.Trusted);
        Assert.Equal(TestTexts.English.UnknownSender, outcome.Reply);
        Assert.Null(outcome.Callback);
        Assert.Equal("Unknown sender", outcome.Summary);
    }

    [Theory]
    [InlineData("HELP")]
    [InlineData("D.1 D.2")]
    [InlineData("U.callback P.wrong D.48774417880 O.600316058")]
    public async Task Answers_to_a_sender_nobody_vouches_for_are_not_trusted(string text)
    {
        _h.Account("callback", "pass");

        var outcome = await _h.Executor.ExecuteAsync(_h.Sms(Sender, text), Sender, CancellationToken.None);

        Assert.False(outcome.Trusted);
        Assert.NotNull(outcome.Reply);
    }

    [Fact]
    public async Task A_registered_sender_with_a_wrong_password_is_still_trusted()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);

        var outcome = await _h.Executor.ExecuteAsync(_h.Sms(Sender, "U.callback P.wrong D.48774417880"), Sender, CancellationToken.None);

        Assert.True(outcome.Trusted);
        Assert.Equal(TestTexts.English.LoginFailed, outcome.Reply);
        Assert.Equal("Login failed", outcome.Summary);
    }

    [Fact]
    public async Task A_sender_whose_number_cannot_be_read_is_treated_as_unknown()
    {
        var outcome = await _h.Executor.ExecuteAsync(_h.Sms("Orange", "D.48774417880"), sender: null, CancellationToken.None);

        Assert.False(outcome.Trusted);
        Assert.Equal(TestTexts.English.UnknownSender, outcome.Reply);
    }

    [Fact]
    public async Task A_callback_is_requested_at_the_current_time()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        _h.Clock.Advance(TimeSpan.FromMinutes(7));

        var outcome = await _h.Executor.ExecuteAsync(_h.Sms(Sender, "D.48774417880"), Sender, CancellationToken.None);

        Assert.Equal(_h.Now, outcome.Callback!.CreatedAt);
        Assert.Equal("Callback requested", outcome.Summary);
    }
}
