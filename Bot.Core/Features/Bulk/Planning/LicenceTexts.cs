using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LicenseBot.Core.Licensing.Model;

namespace LicenseBot.Core.Features.Bulk.Planning;

/// <summary>
/// The "before"/"after" text of a plan row — the licences' labels joined with <c>" + "</c>, <c>"-"</c> for none — made
/// once per distinct list of licences and then shared: in a bulk move thousands of rows hold the same few combinations,
/// so a 20,000-row plan keeps a handful of strings instead of 40,000. Lists are told apart by the Licence objects in
/// them, in order (a plan uses one object per licence id). Past <see cref="MaxEntries"/> combinations, texts are
/// still correct, just no longer remembered.
/// </summary>
internal sealed class LicenceTexts
{
    public const int MaxEntries = 4096;

    private readonly Dictionary<Licence[], string> _texts = new(SequenceComparer.Instance);
    private readonly Dictionary<Licence, string> _labels = new(ReferenceEqualityComparer.Instance);

    public int Count => _texts.Count;

    public string Get(List<Licence> licences)
    {
        if (licences.Count == 0) return "-";
        var span = CollectionsMarshal.AsSpan(licences);
        var lookup = _texts.GetAlternateLookup<ReadOnlySpan<Licence>>();
        if (lookup.TryGetValue(span, out var known)) return known;

        var text = Join(span);
        if (_texts.Count < MaxEntries) _texts.Add(span.ToArray(), text);
        return text;
    }

    private string Join(ReadOnlySpan<Licence> licences)
    {
        var sb = new StringBuilder();
        foreach (var licence in licences)
        {
            if (sb.Length > 0) sb.Append(" + ");
            sb.Append(Label(licence));
        }
        return sb.ToString();
    }

    private string Label(Licence licence)
    {
        ref var label = ref CollectionsMarshal.GetValueRefOrAddDefault(_labels, licence, out var exists);
        if (!exists) label = licence.Label;
        return label!;
    }

    /// <summary>Equal when the same Licence objects appear in the same order.</summary>
    private sealed class SequenceComparer : IEqualityComparer<Licence[]>, IAlternateEqualityComparer<ReadOnlySpan<Licence>, Licence[]>
    {
        public static readonly SequenceComparer Instance = new();

        public bool Equals(Licence[]? x, Licence[]? y) => x is not null && y is not null && Same(x, y);

        public int GetHashCode(Licence[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<Licence> alternate, Licence[] other) => Same(alternate, other);

        public int GetHashCode(ReadOnlySpan<Licence> alternate) => Hash(alternate);

        public Licence[] Create(ReadOnlySpan<Licence> alternate) => alternate.ToArray();

        private static bool Same(ReadOnlySpan<Licence> x, ReadOnlySpan<Licence> y)
        {
            if (x.Length != y.Length) return false;
            for (var i = 0; i < x.Length; i++)
                if (!ReferenceEquals(x[i], y[i])) return false;
            return true;
        }

        private static int Hash(ReadOnlySpan<Licence> licences)
        {
            var hash = new HashCode();
            foreach (var licence in licences) hash.Add(RuntimeHelpers.GetHashCode(licence));
            return hash.ToHashCode();
        }
    }
}
