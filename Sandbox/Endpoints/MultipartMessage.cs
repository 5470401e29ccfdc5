using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LicenseBot.Sandbox.Endpoints;

/// <summary>
/// <c>POST /messages</c> as <c>multipart/form-data</c>: form fields plus one file in <c>files</c>, streamed
/// section by section straight to disk (never held in memory), at most <see cref="MaxFileBytes"/>.
/// </summary>
internal static class MultipartMessage
{
    public const long MaxFileBytes = 100L * 1024 * 1024;
    private const int MaxFieldChars = 64 * 1024;

    public static async Task<SimMessage> CreateAsync(HttpContext ctx, SandboxState state, SimIdentity caller)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        var ct = ctx.RequestAborted;
        if (!MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mediaType)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw SandboxApiException.BadRequest("multipart/form-data without a boundary.");
        }

        var reader = new MultipartReader(boundary, ctx.Request.Body) { BodyLengthLimit = MaxFileBytes + (1024 * 1024) };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        UploadedFile? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd)) continue;
                var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                if (cd.IsFileDisposition() || name == "files")
                {
                    if (name != "files") throw SandboxApiException.BadRequest($"Unexpected file field '{name}'; files go in 'files'.");
                    if (file is not null) throw SandboxApiException.BadRequest("Only one file can be attached to a message.");
                    var fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value ?? "");
                    if (fileName.Length == 0) fileName = "file";
                    file = await SaveAsync(state, section.Body, fileName, section.ContentType ?? "application/octet-stream", ct).ConfigureAwait(false);
                }
                else
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[MaxFieldChars + 1];
                    var read = await text.ReadBlockAsync(buffer, ct).ConfigureAwait(false);
                    if (read > MaxFieldChars) throw SandboxApiException.BadRequest($"Form field '{name}' is too long.");
                    fields[name] = new string(buffer, 0, read);
                }
            }

            string? Field(string name) => fields.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
            return state.CreateMessage(caller, new NewMessage(Field("roomId"), Field("toPersonId"), Field("toPersonEmail"), Field("parentId"), Field("text"), Field("markdown"), null, file, SandboxHttp.ApiBase(ctx.Request)));
        }
        catch (Exception ex) when (file is not null)
        {
            File.Delete(state.FilePath(file.ContentId));
            if (ex is InvalidDataException) throw SandboxApiException.BadRequest("The multipart body is malformed.");
            throw;
        }
        catch (InvalidDataException)
        {
            throw SandboxApiException.BadRequest("The multipart body is malformed.");
        }
        catch (SandboxApiException ex) when (ex.Status == 413)
        {
            await DrainAsync(ctx).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<UploadedFile> SaveAsync(SandboxState state, Stream body, string fileName, string contentType, CancellationToken ct)
    {
        var id = SandboxState.NewId("CONTENT");
        var path = state.FilePath(id);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long total = 0;
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await body.ReadAsync(buffer.AsMemory(0, 81920), ct).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > MaxFileBytes)
                    {
                        throw new SandboxApiException(413, "The file is too large.", 413, $"Files can be at most {MaxFileBytes / (1024 * 1024)} MB.");
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }
            }

            return new UploadedFile(id, fileName, contentType, total);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads and discards the rest of a refused upload so the client gets the answer, not a reset connection.</summary>
    private static async Task DrainAsync(HttpContext ctx)
    {
        try
        {
            await ctx.Request.Body.CopyToAsync(Stream.Null, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
        }
    }
}
