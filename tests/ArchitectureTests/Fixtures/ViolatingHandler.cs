using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.ArchitectureTests.Fixtures;

/// <summary>Everything the flow and composition rules forbid, on purpose, so a test can show that each rule fails on it.
/// Never registered or run.</summary>
public sealed record ViolatingCommand : ICommand;

public sealed class ViolatingHandler(ISender sender, IUnitOfWork unitOfWork) : ICommandHandler<ViolatingCommand>
{
    public async ValueTask<Unit> Handle(ViolatingCommand command, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await unitOfWork.SaveChangesAsync(ct);
                await sender.Send(new ViolatingCommand(), ct); // another handler's command through the mediator
                return Unit.Value;
            }
            catch (ConcurrencyConflictException) when (attempt < 3) // a save-retry loop in a handler
            {
            }
        }
    }
}

public static class ViolatingComposition
{
    /// <summary>Reads a registration back out of the service collection.</summary>
    public static object? SecretsOf(IServiceCollection services) =>
        services.First(d => d.ServiceType == typeof(IUnitOfWork)).ImplementationInstance;
}

/// <summary>An endpoint that reaches past Infrastructure's public surface into its persistence internals.</summary>
public static class ViolatingEndpoint
{
    public static Type Internal() => typeof(SmsCallback.Infrastructure.Persistence.AppDbContext);
}
