using System.ComponentModel.DataAnnotations;
namespace LicenseBot.Core.Storage;

/// <summary>Where the bot keeps its state. Bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary><c>Sqlite</c> (default, one instance) or <c>Postgres</c> (several instances behind a load balancer).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Npgsql connection string; required when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite database file; relative paths are under the content root. Default <c>data/licensebot.db</c>.</summary>
    [Required]
    public string SqlitePath { get; set; } = "data/licensebot.db";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(Provider)) yield return new ValidationResult("Storage:Provider must be Sqlite or Postgres.", [nameof(Provider)]);
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Storage:ConnectionString is required with Storage:Provider=Postgres.", [nameof(ConnectionString)]);
    }
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}
