using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Common;

namespace SmsCallback.Infrastructure.Persistence.Outbox;

/// <summary>A domain event saved in the transaction of the change that raised it, waiting for its consumer. The consumer's own save deletes
/// it, in the same transaction as the consumer's change (docs/adr/0027-domain-events-through-an-outbox.md).</summary>
internal sealed class OutboxMessage
{
    public const int MaxTypeLength = 100;

    public Guid Id { get; private set; }

    /// <summary>The event's type name (<see cref="DomainEventTypes"/>).</summary>
    public string Type { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }

    public static OutboxMessage For(IDomainEvent domainEvent, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Type = domainEvent.GetType().Name,
        Payload = JsonSerializer.Serialize(domainEvent, domainEvent.GetType()),
        OccurredAt = now,
    };

    /// <summary>A stand-in with only the key, to delete a message without reading it.</summary>
    public static OutboxMessage Stub(Guid id) => new() { Id = id };

    public IDomainEvent? ToEvent() =>
        DomainEventTypes.Find(Type) is { } type ? JsonSerializer.Deserialize(Payload, type) as IDomainEvent : null;
}

/// <summary>The domain's event types by name: the names stored in the outbox.</summary>
internal static class DomainEventTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(IDomainEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDomainEvent).IsAssignableFrom(t))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static Type? Find(string name) => ByName.GetValueOrDefault(name);
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.Id).ValueGeneratedNever();
        b.Property(m => m.Type).HasMaxLength(OutboxMessage.MaxTypeLength).IsRequired();
        b.Property(m => m.Payload).IsRequired();
        b.HasIndex(m => m.OccurredAt);
    }
}
