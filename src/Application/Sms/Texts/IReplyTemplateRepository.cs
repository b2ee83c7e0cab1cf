using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.Texts;

public interface IReplyTemplateRepository
{
    Task<IReadOnlyList<ReplyTemplate>> ListAsync(CancellationToken ct);
    Task<ReplyTemplate?> FindAsync(string language, string key, CancellationToken ct);
    void Add(ReplyTemplate template);
    void Remove(ReplyTemplate template);
}
