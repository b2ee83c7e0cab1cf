namespace SmsCallback.Domain.Accounts;

/// <summary>The CSV rows (login, password, balance, tariff) of one committed batch of a lot, encrypted before they are stored. Saved in the
/// same transaction as the batch's accounts, so the export has every committed account exactly once.</summary>
public sealed class LotExportChunk
{
    private LotExportChunk() { Sealed = []; }

    public Guid Id { get; private set; }
    public Guid LotId { get; private set; }

    /// <summary>The lot's generated count before this batch: orders the chunks and is unique per lot.</summary>
    public int Offset { get; private set; }
    public byte[] Sealed { get; private set; }

    public static LotExportChunk Create(Guid lotId, int offset, byte[] sealedRows, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(now), LotId = lotId, Offset = offset, Sealed = sealedRows };
}
