using Mediator;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Application.UnitTests.Common;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.UnitTests.Sms.ProcessInboundSms;

public sealed class ProcessInboundSmsHandlerTests
{
    private const string Sender = "+48600316058";
    private const string Stranger = "+48511222333";
    private readonly InboundSmsHarness _h = new();

    /// <summary>Dispatching consumes the <see cref="CallbackRequested"/> of an added callback; no callback, no dispatch.</summary>
    private Task NothingWasDispatched()
    {
        Assert.Empty(_h.AddedCallbacks);
        return Task.CompletedTask;
    }

    /// <summary>A callback due at once is handed over in the commit that saves it, and the switch is asked after that commit: no
    /// <see cref="CallbackRequested"/> is left for a consumer.</summary>
    private void DispatchFollows(Domain.Callbacks.Callback callback)
    {
        Assert.Equal(CallbackState.DialingSource, callback.State);
        Assert.DoesNotContain(new CallbackRequested(callback.Id), callback.PendingEvents());
        _h.Switch.Received(1).OriginateAsync(Arg.Is<OriginateCallback>(o => o.CallbackId == callback.Id && o.Source == callback.Source
            && o.Destination == callback.Destination), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_registered_sender_calls_a_destination_with_their_own_phone_as_the_source()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms("0048600316058", "D.48774417880");

        await _h.ProcessAsync(sms);

        var callback = Assert.Single(_h.AddedCallbacks);
        Assert.Equal(account.Id, callback.AccountId);
        Assert.Equal(Sender, callback.Source);
        Assert.Equal("+48774417880", callback.Destination);
        Assert.Equal(CallbackOrigin.Sms, callback.Origin);
        Assert.Equal(sms.Id, callback.InboundSmsId);
        DispatchFollows(callback);

        var reply = _h.SingleReply();
        Assert.Equal("Calling +48600316058, then +48774417880.", reply.Text);
        Assert.Equal(OutboundSmsKind.Reply, reply.Kind);
        Assert.Equal(Sender, reply.To);
        Assert.Equal(InboundSmsHarness.AccessNumber, reply.From);
        Assert.Equal("twilio", reply.Channel);
        Assert.Equal(sms.Id, reply.InboundSmsId);

        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
        Assert.Equal(_h.Now, sms.ProcessedAt);
    }

    [Fact]
    public async Task The_callback_is_saved_with_its_reply_before_it_is_dispatched_and_the_reply_sent()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms(Sender, "D.48774417880");

        await _h.ProcessAsync(sms);

        var callback = Assert.Single(_h.AddedCallbacks);
        var reply = _h.SingleReply();
        Received.InOrder(() =>
        {
            _h.Callbacks.Add(callback); // by the admission, in the same unit of work as the reply
            _h.Outbox.Add(reply);
            _h.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>());
            _h.Jobs.EnqueueSendSms(reply.Id);
        });
        Received.InOrder(() =>
        {
            _h.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>());
            _h.Switch.OriginateAsync(Arg.Any<OriginateCallback>(), Arg.Any<CancellationToken>()); // only once the callback is saved
        });
        DispatchFollows(callback);
    }

    [Fact]
    public async Task A_registered_sender_may_name_another_source()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);

        await _h.ProcessAsync(_h.Sms(Sender, "D.48774417880 O.0048221234567"));

        var callback = Assert.Single(_h.AddedCallbacks);
        Assert.Equal("+48221234567", callback.Source);
        Assert.Equal("+48774417880", callback.Destination);
    }

    [Fact]
    public async Task A_login_from_any_phone_calls_O_then_D()
    {
        var account = _h.Account("callback", "pass");
        var sms = _h.Sms(Stranger, "U.callback P.pass D.48774417880 O.600316058");

        await _h.ProcessAsync(sms);

        var callback = Assert.Single(_h.AddedCallbacks);
        Assert.Equal(account.Id, callback.AccountId);
        Assert.Equal("+48600316058", callback.Source);
        Assert.Equal("+48774417880", callback.Destination);
        var reply = _h.SingleReply();
        Assert.Equal("Calling +48600316058, then +48774417880.", reply.Text);
        Assert.Equal(Stranger, reply.To);
        Assert.Equal(OutboundSmsKind.Reply, reply.Kind); // a logged-in sender is trusted: not throttled
        DispatchFollows(callback);
    }

    [Fact]
    public async Task A_wrong_password_is_a_failed_login_and_no_call()
    {
        _h.Account("callback", "pass");
        var sms = _h.Sms(Stranger, "U.callback P.wrong D.48774417880 O.600316058");

        await _h.ProcessAsync(sms);

        Assert.Equal("Login failed.", _h.SingleReply().Text);
        Assert.Equal(OutboundSmsKind.UnknownSenderReply, _h.SingleReply().Kind);
        await NothingWasDispatched();
        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
    }

    [Fact]
    public async Task A_reply_never_reveals_whether_a_login_exists()
    {
        _h.Account("callback", "pass");

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.wrong D.48774417880 O.600316058"));
        await _h.ProcessAsync(_h.Sms(Stranger, "U.nobody P.wrong D.48774417880 O.600316058"));

        Assert.Equal(2, _h.Replies.Count);
        Assert.Equal(_h.Replies[0].Text, _h.Replies[1].Text);
        Assert.Equal(_h.Replies[0].Kind, _h.Replies[1].Kind);
    }

    [Fact]
    public async Task An_operator_login_cannot_be_used_by_sms()
    {
        _h.Account("admin", "pass", AccountRole.Admin);

        await _h.ProcessAsync(_h.Sms(Stranger, "U.admin P.pass D.48774417880 O.600316058"));

        Assert.Equal(TestTexts.English.LoginFailed, _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task A_login_from_an_unregistered_phone_without_O_is_told_the_source_is_required()
    {
        _h.Account("callback", "pass");

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.pass D.48774417880"));

        Assert.Equal(TestTexts.English.SourceRequired, _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task A_login_from_a_phone_of_another_account_without_O_does_not_call_that_phone()
    {
        _h.Account("callback", "pass");
        var other = _h.Account("neighbour", "x");
        _h.Register(other, Sender);

        await _h.ProcessAsync(_h.Sms(Sender, "U.callback P.pass D.48774417880"));

        Assert.Equal(TestTexts.English.SourceRequired, _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task An_unknown_sender_gets_the_throttled_unknown_sender_reply()
    {
        var sms = _h.Sms(Stranger, "D.48774417880");

        await _h.ProcessAsync(sms);

        var reply = _h.SingleReply();
        Assert.Equal(TestTexts.English.UnknownSender, reply.Text);
        Assert.Equal(OutboundSmsKind.UnknownSenderReply, reply.Kind);
        Assert.Equal(Stranger, reply.To);
        await NothingWasDispatched();
        await _h.Outbox.Received(1).AnySentToSinceAsync(Stranger, OutboundSmsKind.UnknownSenderReply, _h.Now.AddHours(-24),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_unknown_sender_already_answered_in_the_window_gets_no_reply_but_the_sms_is_processed()
    {
        _h.AntiAbuse.UnknownSenderReplyWindow = TimeSpan.FromHours(6);
        _h.Outbox.AnySentToSinceAsync(Stranger, OutboundSmsKind.UnknownSenderReply, _h.Now.AddHours(-6), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(true));
        var sms = _h.Sms(Stranger, "D.48774417880");

        await _h.ProcessAsync(sms);

        Assert.Empty(_h.Replies);
        _h.Jobs.DidNotReceiveWithAnyArgs().EnqueueSendSms(default);
        await NothingWasDispatched();
        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
        await _h.UnitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_registered_sender_is_never_throttled()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        _h.Outbox.AnySentToSinceAsync(Arg.Any<string>(), Arg.Any<OutboundSmsKind>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(true));

        await _h.ProcessAsync(_h.Sms(Sender, "HELP"));

        Assert.Equal(TestTexts.English.Help, _h.SingleReply().Text);
        Assert.Equal(OutboundSmsKind.Reply, _h.SingleReply().Kind);
    }

    [Theory]
    [InlineData("D48774417880", "Put a dot after D, as in D.value.")]
    [InlineData("D.1 R.2", "One command per SMS: D, R, I, B, N or L.")]
    [InlineData("U.callback D.48774417880", "Missing password: add P.password.")]
    [InlineData("", "Empty message. " + TestTexts.EnglishHelp)]
    public async Task A_parse_error_is_answered_with_its_explanation(string text, string expected)
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms(Sender, text);

        await _h.ProcessAsync(sms);

        Assert.Equal(expected, _h.SingleReply().Text);
        Assert.Equal(OutboundSmsKind.Reply, _h.SingleReply().Kind);
        await NothingWasDispatched();
        Assert.StartsWith("Parse error", sms.Outcome);
    }

    [Fact]
    public async Task An_sms_that_was_already_processed_does_nothing()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms(Sender, "D.48774417880");
        sms.MarkProcessed("Callback requested", _h.Now);

        await _h.ProcessAsync(sms);

        Assert.Empty(_h.Replies);
        await NothingWasDispatched();
        _h.UnitOfWork.DidNotReceiveWithAnyArgs().OnCommitted(default!);
        await _h.Phones.DidNotReceiveWithAnyArgs().FindByNumberAsync(default!, default);
        _h.Jobs.DidNotReceiveWithAnyArgs().EnqueueSendSms(default);
    }

    [Fact]
    public async Task An_sms_that_does_not_exist_does_nothing()
    {
        await _h.Handler.Handle(new ProcessInboundSmsCommand(Guid.NewGuid()), CancellationToken.None);

        _h.Outbox.DidNotReceiveWithAnyArgs().Add(default!);
        await _h.UnitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }

    [Fact]
    public async Task When_another_worker_processed_the_sms_first_nothing_is_sent_or_dispatched()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms(Sender, "D.48774417880");
        var saves = 0;
        _h.UnitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            if (++saves > 1) return Task.CompletedTask;
            _h.Inbox.GetAsync(sms.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<InboundSms?>(Processed(sms))); // the fresh row
            return Task.FromException(new UniqueConstraintException("one reply per SMS", new InvalidOperationException()));
        });

        await _h.ProcessAsync(sms); // the lost save runs the command again, which finds the SMS processed

        Assert.Equal(2, saves);
        _h.Jobs.DidNotReceiveWithAnyArgs().EnqueueSendSms(default);
    }

    private InboundSms Processed(InboundSms sms)
    {
        var fresh = InboundSms.Receive(sms.Channel, sms.ExternalId, sms.From, sms.To, sms.Text, sms.ReceivedAt, sms.StoredAt);
        fresh.MarkProcessed("Callback requested", _h.Now);
        return fresh;
    }

    [Fact]
    public async Task A_blocked_account_cannot_call_from_its_registered_phone()
    {
        var account = _h.Account("callback", "pass", blocked: true);
        _h.Register(account, Sender);

        await _h.ProcessAsync(_h.Sms(Sender, "D.48774417880"));

        Assert.Equal(TestTexts.English.AccountBlocked, _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task A_blocked_account_cannot_call_with_its_login()
    {
        _h.Account("callback", "pass", blocked: true);

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.pass D.48774417880 O.600316058"));

        Assert.Equal(TestTexts.English.AccountBlocked, _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task A_blocked_account_gets_login_failed_for_a_wrong_password_so_its_status_is_not_revealed()
    {
        _h.Account("callback", "pass", blocked: true);

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.guess D.48774417880 O.600316058"));

        Assert.Equal(TestTexts.English.LoginFailed, _h.SingleReply().Text);
    }

    [Fact]
    public async Task Registering_the_senders_own_number_adds_it_to_the_account_in_E164_at_once()
    {
        var account = _h.Account("callback", "pass");

        await _h.ProcessAsync(_h.Sms(Sender, "U.callback P.pass R.48600316058"));

        var phone = Assert.Single(_h.AddedPhones);
        Assert.Equal(account.Id, phone.AccountId);
        Assert.Equal("+48600316058", phone.Number);
        Assert.Equal("Number +48600316058 registered.", _h.SingleReply().Text);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task Registering_another_number_sends_it_a_code_after_the_commit_and_registers_nothing_yet()
    {
        _h.Account("callback", "pass");

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.pass R.48600316058"));

        Assert.Empty(_h.AddedPhones);
        var reply = Assert.Single(_h.Replies, r => r.To == Stranger);
        Assert.Equal(TestTexts.English.PhoneCodeSent("+48600316058", TimeSpan.FromMinutes(10)), reply.Text);
        var code = Assert.Single(_h.Replies, r => r.To == "+48600316058");
        Assert.Equal((OutboundSmsKind.VerificationCode, TestTexts.English.PhoneCode("123456", TimeSpan.FromMinutes(10))), (code.Kind, code.Text));
        _h.Jobs.Received(1).EnqueueSendSms(code.Id);
    }

    [Fact]
    public async Task Registering_a_number_of_another_account_answers_as_for_a_free_one_and_sends_it_nothing()
    {
        _h.Account("callback", "pass");
        var other = _h.Account("neighbour", "secret");
        _h.Register(other, "+48600316058");

        await _h.ProcessAsync(_h.Sms(Stranger, "U.callback P.pass R.0048600316058"));

        Assert.Empty(_h.AddedPhones);
        var text = _h.SingleReply().Text;
        Assert.Equal(TestTexts.English.PhoneCodeSent("+48600316058", TimeSpan.FromMinutes(10)), text);
        Assert.DoesNotContain("neighbour", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(other.Id.ToString(), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Registering_a_number_the_account_already_has_changes_nothing()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);

        await _h.ProcessAsync(_h.Sms(Sender, "R.600316058"));

        Assert.Empty(_h.AddedPhones);
        Assert.Equal(TestTexts.English.AlreadyRegistered(Sender), _h.SingleReply().Text);
    }

    [Theory]
    [InlineData("D.12345", "Invalid destination number 12345.")]
    [InlineData("D.48774417880 O.abc", "Invalid source number abc.")]
    [InlineData("R.999", "Invalid phone number 999.")]
    public async Task An_invalid_number_is_a_clear_error_never_a_call(string text, string expected)
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);

        await _h.ProcessAsync(_h.Sms(Sender, text));

        Assert.Equal(expected, _h.SingleReply().Text);
        Assert.Empty(_h.AddedPhones);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task I_asks_a_job_for_the_status_sms_which_is_the_only_reply()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var sms = _h.Sms(Sender, "I.");

        await _h.ProcessAsync(sms);

        Assert.Empty(_h.Replies);
        _h.Jobs.Received(1).EnqueueAccountStatus(account.Id, sms.Id, Sender);
        await NothingWasDispatched();
    }

    [Fact]
    public async Task I_with_login_and_O_sends_the_status_to_O()
    {
        var account = _h.Account("callback", "pass");
        var sms = _h.Sms("+48501234567", "U.callback P.pass I. O.48600316059");

        await _h.ProcessAsync(sms);

        _h.Jobs.Received(1).EnqueueAccountStatus(account.Id, sms.Id, "+48600316059");
    }

    [Fact]
    public async Task B_and_N_call_the_phonebook_entry_in_the_customers_order()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        var office = PhonebookEntry.Create(account.Id, "Office", "+48774417880", 1, _h.Now);
        var home = PhonebookEntry.Create(account.Id, "home", "+48226543210", 2, _h.Now);
        _h.Phonebook.ListAsync(account.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<IReadOnlyList<PhonebookEntry>>([office, home]));

        await _h.ProcessAsync(_h.Sms(Sender, "B.OFFICE"));
        await _h.ProcessAsync(_h.Sms(Sender, "N2"));

        Assert.Equal(["+48774417880", "+48226543210"], _h.AddedCallbacks.Select(c => c.Destination));
        Assert.All(_h.AddedCallbacks, c => Assert.Equal(Sender, c.Source));
    }

    [Theory]
    [InlineData("B.nowhere", "No phonebook entry named nowhere.")]
    [InlineData("N3", "No phonebook entry N3: you have 1.")]
    public async Task A_missing_phonebook_entry_is_a_clear_reply_and_no_call(string text, string reply)
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        _h.Phonebook.ListAsync(account.Id, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<IReadOnlyList<PhonebookEntry>>([PhonebookEntry.Create(account.Id, "office", "+48774417880", 1, _h.Now)]));

        await _h.ProcessAsync(_h.Sms(Sender, text));

        Assert.Equal(reply, _h.SingleReply().Text);
        Assert.Empty(_h.AddedCallbacks);
    }

    [Fact]
    public async Task Five_failed_logins_lock_the_login_and_the_sender_until_the_window_passes()
    {
        _h.Account("callback", "pass");
        for (var i = 0; i < 5; i++) await _h.ProcessAsync(_h.Sms("+48501234567", "U.callback P.guess D.48774417880 O.48600316058"));
        _h.Replies.Clear();

        await _h.ProcessAsync(_h.Sms("+48501234567", "U.callback P.pass D.48774417880 O.48600316058"));
        Assert.Equal(TestTexts.English.LockedOut, _h.SingleReply().Text);
        Assert.Empty(_h.AddedCallbacks);

        _h.Clock.Advance(_h.AntiAbuse.FailedLoginWindow + TimeSpan.FromSeconds(1));
        await _h.ProcessAsync(_h.Sms("+48501234567", "U.callback P.pass D.48774417880 O.48600316058"));
        Assert.Single(_h.AddedCallbacks);
    }

    [Fact]
    public async Task A_sender_over_its_callback_limit_is_told_to_wait()
    {
        var account = _h.Account("callback", "pass");
        _h.Register(account, Sender);
        _h.Callbacks.CountByRequesterSinceAsync(Sender, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(_h.AntiAbuse.MaxCallbacksPerSender));

        await _h.ProcessAsync(_h.Sms(Sender, "D.48774417880"));

        Assert.Equal(TestTexts.English.TooManyCalls, _h.SingleReply().Text);
        Assert.Empty(_h.AddedCallbacks);
    }
}
