using Mediator;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.UnitTests.Common;

/// <summary>A handler run the way the mediator runs it: inside the real <see cref="UnitOfWorkBehaviour{TMessage,TResponse}"/>, over a
/// substituted unit of work whose save runs the effects registered for after the commit.</summary>
internal static class TestPipeline
{
    public static IUnitOfWork UnitOfWork()
    {
        var unitOfWork = Substitute.For<IUnitOfWork>();
        var effects = new List<Func<CancellationToken, Task>>();
        unitOfWork.When(u => u.OnCommitted(Arg.Any<Func<CancellationToken, Task>>()))
            .Do(ci => effects.Add(ci.Arg<Func<CancellationToken, Task>>()));
        unitOfWork.SaveChangesAsync(Arg.Any<CancellationToken>()).Returns(async ci =>
        {
            var due = effects.ToArray();
            effects.Clear();
            foreach (var effect in due) await effect(ci.Arg<CancellationToken>());
        });
        return unitOfWork;
    }

    public static ValueTask<TResponse> RunAsync<TMessage, TResponse>(ICommandHandler<TMessage, TResponse> handler, TMessage message, IUnitOfWork unitOfWork)
        where TMessage : ICommand<TResponse> =>
        new UnitOfWorkBehaviour<TMessage, TResponse>(unitOfWork, NullLogger<UnitOfWorkBehaviour<TMessage, TResponse>>.Instance)
            .Handle(message, (m, ct) => handler.Handle(m, ct), CancellationToken.None);
}
