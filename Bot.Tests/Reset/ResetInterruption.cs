using LicenseBot.Core.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace LicenseBot.Tests.Reset;

/// <summary>
/// A fault hook for tests of the reset journal: once armed, every run in this process stops right after step 1 is
/// journaled, as a host that dies between the two steps would (nothing more is sent or journaled). Inert unless
/// <see cref="ArmAfterRemoval"/> is called; a new process (or a restarted space) starts unarmed.
/// </summary>
public sealed class ResetInterruption : IResetStepObserver
{
    private volatile bool _armed;
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ArmAfterRemoval() => _armed = true;

    /// <summary>Completes the first time an armed run stops between the steps.</summary>
    public Task Reached => _reached.Task;

    public void BetweenSteps(ResetOperation op)
    {
        if (!_armed) return;
        _reached.TrySetResult();
        throw new ResetInterruptedException(op.Id);
    }

    /// <summary>Registers the hook (one per service provider) as the runner's step observer.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddSingleton<ResetInterruption>().AddSingleton<IResetStepObserver>(sp => sp.GetRequiredService<ResetInterruption>());
}

/// <summary>Thrown by an armed <see cref="ResetInterruption"/>: the run ends as if the host had died.</summary>
public sealed class ResetInterruptedException(string operationId)
    : Exception($"Reset {operationId} was interrupted between its two steps (fault injection).")
{
    public string OperationId { get; } = operationId;
}
