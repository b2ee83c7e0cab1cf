using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Fraud.ListBlockedPrefixes;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Fraud.BlockPrefix;

/// <summary>Block calls to every number starting with <paramref name="Prefix"/> (or change the description of a blocked prefix).</summary>
public sealed record BlockPrefixCommand(string Prefix, string? Description) : ICommand<Result<BlockedPrefixDto>>;

public sealed class BlockPrefixValidator : AbstractValidator<BlockPrefixCommand>
{
    public BlockPrefixValidator()
    {
        RuleFor(c => c.Prefix).Must(Prefixes.IsValid).WithMessage("A prefix is 1 to 15 digits, without '+'.");
        RuleFor(c => c.Description).MaximumLength(BlockedPrefix.MaxDescriptionLength);
    }
}

public sealed class BlockPrefixHandler(IBlockedPrefixRepository blocked, IUnitOfWork unitOfWork) : ICommandHandler<BlockPrefixCommand, Result<BlockedPrefixDto>>
{
    public async ValueTask<Result<BlockedPrefixDto>> Handle(BlockPrefixCommand command, CancellationToken ct)
    {
        var prefix = await blocked.GetAsync(command.Prefix, ct);
        if (prefix is null) blocked.Add(prefix = BlockedPrefix.Create(command.Prefix, command.Description ?? ""));
        else prefix.Describe(command.Description ?? prefix.Description);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            // blocked at the same moment by another admin: blocked all the same
        }
        return new BlockedPrefixDto(prefix.Prefix, prefix.Description);
    }
}
