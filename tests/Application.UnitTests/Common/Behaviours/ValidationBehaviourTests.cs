using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.UnitTests.Common.Behaviours;

public sealed class ValidationBehaviourTests
{
    private static readonly RegisterPhoneValidator RealValidator = new(new PhoneNumberNormalizer("PL"));
    private static readonly RegisteredPhoneDto Registered = new(Guid.NewGuid(), "+48600316058", DateTimeOffset.UnixEpoch);

    private int _nextCalls;

    private ValueTask<Result<RegisteredPhoneDto>> Next(RegisterPhoneCommand message, CancellationToken ct)
    {
        _nextCalls++;
        return ValueTask.FromResult<Result<RegisteredPhoneDto>>(Registered);
    }

    [Fact]
    public async Task A_failing_validator_throws_ValidationException_and_the_handler_is_not_called()
    {
        var behaviour = new ValidationBehaviour<RegisterPhoneCommand, Result<RegisteredPhoneDto>>([RealValidator]);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            behaviour.Handle(new RegisterPhoneCommand(Guid.NewGuid(), "12345"), Next, CancellationToken.None).AsTask());

        Assert.Equal(0, _nextCalls);
        var failure = Assert.Single(ex.Errors);
        Assert.Equal(nameof(RegisterPhoneCommand.Number), failure.PropertyName);
        Assert.Contains("12345", failure.ErrorMessage);
    }

    [Fact]
    public async Task Failures_of_every_validator_are_reported_together()
    {
        var second = new InlineValidator<RegisterPhoneCommand>();
        second.RuleFor(c => c.AccountId).NotEmpty();
        var behaviour = new ValidationBehaviour<RegisterPhoneCommand, Result<RegisteredPhoneDto>>([RealValidator, second]);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            behaviour.Handle(new RegisterPhoneCommand(Guid.Empty, "abc"), Next, CancellationToken.None).AsTask());

        Assert.Equal(0, _nextCalls);
        Assert.Equal(["Number", "AccountId"], ex.Errors.Select(e => e.PropertyName));
    }

    [Fact]
    public async Task A_valid_message_reaches_the_handler_and_its_response_comes_back()
    {
        var behaviour = new ValidationBehaviour<RegisterPhoneCommand, Result<RegisteredPhoneDto>>([RealValidator]);

        var result = await behaviour.Handle(new RegisterPhoneCommand(Guid.NewGuid(), "600316058"), Next, CancellationToken.None);

        Assert.Equal(1, _nextCalls);
        Assert.Equal(Registered, result.Value);
    }

    [Fact]
    public async Task A_message_without_validators_reaches_the_handler()
    {
        var behaviour = new ValidationBehaviour<RegisterPhoneCommand, Result<RegisteredPhoneDto>>([]);

        await behaviour.Handle(new RegisterPhoneCommand(Guid.NewGuid(), "not validated here"), Next, CancellationToken.None);

        Assert.Equal(1, _nextCalls);
    }
}
