using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.UnitTests.Common.Behaviours;

/// <summary>One unit of work per command: saved once after the handler; a lost race reruns a retryable command as a whole against fresh
/// rows and reaches the caller of any other command; queries are never saved.</summary>
public sealed class UnitOfWorkBehaviourTests
{
    public sealed record RetryableCommand : ICommand<int>, IRetryOnConflict;
    public sealed record PlainCommand : ICommand<int>;
    public sealed record SomeQuery : IQuery<int>;

    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private int _runs;

    private ValueTask<int> RunAsync<TMessage>(TMessage message) where TMessage : IMessage =>
        new UnitOfWorkBehaviour<TMessage, int>(_unitOfWork, NullLogger<UnitOfWorkBehaviour<TMessage, int>>.Instance)
            .Handle(message, (_, _) => ValueTask.FromResult(++_runs), CancellationToken.None);

    private void SavesLoseRaces(int times)
    {
        var saves = 0;
        _unitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(_ => ++saves <= times
            ? Task.FromException(new ConcurrencyConflictException("lost", new InvalidOperationException()))
            : Task.CompletedTask);
    }

    [Fact]
    public async Task A_command_is_saved_once_after_its_handler()
    {
        Assert.Equal(1, await RunAsync(new PlainCommand()));
        await _unitOfWork.Received(1).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_retryable_command_that_loses_a_race_runs_again_as_a_whole()
    {
        SavesLoseRaces(2);

        Assert.Equal(3, await RunAsync(new RetryableCommand()));
        await _unitOfWork.Received(3).SaveChangesAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_retryable_command_gives_up_after_the_policys_attempts()
    {
        SavesLoseRaces(int.MaxValue);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => RunAsync(new RetryableCommand()).AsTask());
        Assert.Equal(ConflictRetryPolicy.MaxAttempts, _runs);
    }

    [Fact]
    public async Task Any_other_command_reaches_its_caller_with_the_conflict()
    {
        SavesLoseRaces(1);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => RunAsync(new PlainCommand()).AsTask());
        Assert.Equal(1, _runs);
    }

    [Fact]
    public async Task A_query_is_not_saved()
    {
        await RunAsync(new SomeQuery());
        await _unitOfWork.DidNotReceiveWithAnyArgs().SaveChangesAsync(default);
    }
}
