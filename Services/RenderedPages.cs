using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ShopPortal.Services;

/// <summary>
/// Whole pages rendered once per kind of viewer and kept on a cached read model, as UTF-8 cut where the page's
/// forms carry the antiforgery token; each request gets the same bytes with its own token spliced in. A change
/// replaces the read model and discards its pages with it, so what is served is exactly what a fresh render
/// would give (see <see cref="ReadModelCache"/>).
/// </summary>
public sealed class RenderedPages<TKey> where TKey : notnull
{
    // A handful of viewers per copy (the managers and technicians of a small shop, a customer and a preview).
    private const int MaxPages = 32;

    private readonly ConcurrentDictionary<TKey, byte[][]> pages = new();

    // The render under way for a viewer: requests that arrive meanwhile (a burst right after a change) wait for
    // its bytes instead of each rendering the same page again.
    private readonly ConcurrentDictionary<TKey, Task<byte[][]>> rendering = new();

    /// <summary>
    /// The page for <paramref name="key"/>: from memory, without even creating the Razor page, once this copy has it;
    /// otherwise rendered now (a <see cref="PageResult"/>, so the page and its model are set up as usual) and kept.
    /// </summary>
    public IActionResult Serve(TKey key) => pages.TryGetValue(key, out var parts) ? new SplicedResult(parts) : new CapturingPageResult(this, key);

    private sealed class SplicedResult(byte[][] parts) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => WriteAsync(context.HttpContext, parts);
    }

    private static async Task WriteAsync(HttpContext http, byte[][] parts)
    {
        // The real token (and its cookie, if the visitor has none yet), where the page only has the slot.
        var token = Encoding.UTF8.GetBytes(HtmlEncoder.Default.Encode(http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!));
        http.Response.ContentType = "text/html; charset=utf-8";
        // Into the response's pipe, sent with one flush (a stream write would flush each of the page's pieces).
        var body = http.Response.BodyWriter;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                body.Write(token);
            }
            body.Write(parts[i]);
        }
        await body.FlushAsync(http.RequestAborted);
    }

    private sealed class CapturingPageResult(RenderedPages<TKey> owner, TKey key) : PageResult
    {
        public override async Task ExecuteResultAsync(ActionContext context)
        {
            var http = context.HttpContext;
            var mine = new TaskCompletionSource<byte[][]>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<byte[][]> underWay;
            while ((underWay = owner.rendering.GetOrAdd(key, mine.Task)) != mine.Task)
            {
                if (await RenderedElsewhereAsync(underWay, http.RequestAborted) is { } shared)
                {
                    await WriteAsync(http, shared);
                    return;
                }
                // That request was cancelled before it finished: one of the requests that waited for it renders.
                owner.rendering.TryRemove(KeyValuePair.Create(key, underWay));
            }

            byte[][] parts;
            try
            {
                if (owner.pages.TryGetValue(key, out var stored))
                {
                    parts = stored;
                }
                else
                {
                    parts = await RenderAsync(context);
                    if (owner.pages.Count >= MaxPages)
                    {
                        owner.pages.Clear();
                    }
                    owner.pages.TryAdd(key, parts);
                }
                mine.SetResult(parts);
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
                // Observed here: the requests that wait for this render, if any, fail with it.
                _ = mine.Task.Exception;
                throw;
            }
            finally
            {
                owner.rendering.TryRemove(KeyValuePair.Create(key, mine.Task));
            }
            await WriteAsync(http, parts);
        }

        // The page another request rendered, or null when that request was cancelled before it finished. A render
        // that failed fails the requests that waited for it too.
        private static async Task<byte[][]?> RenderedElsewhereAsync(Task<byte[][]> render, CancellationToken aborted)
        {
            try
            {
                return await render.WaitAsync(aborted);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                return null;
            }
        }

        private async Task<byte[][]> RenderAsync(ActionContext context)
        {
            var http = context.HttpContext;
            var body = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            http.Items[TokenSlot.RenderingKey] = true;
            try
            {
                await base.ExecuteResultAsync(context);
            }
            finally
            {
                http.Items.Remove(TokenSlot.RenderingKey);
                http.Response.Body = body;
            }
            var page = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            return Split(page[..WithoutIndentation(page)]);
        }

        /// <summary>
        /// Drops the views' indentation, the spaces between a line break and a tag (a sixth of the staff page), in
        /// place; returns the new length. Text never holds a raw '&lt;' (Razor encodes it), so only markup matches,
        /// and the line break that stays keeps the whitespace between inline elements.
        /// </summary>
        private static int WithoutIndentation(Span<byte> page)
        {
            var length = 0;
            for (var i = 0; i < page.Length; i++)
            {
                page[length++] = page[i];
                if (page[i] != (byte)'\n')
                {
                    continue;
                }
                var next = i + 1;
                while (next < page.Length && page[next] is (byte)' ' or (byte)'\t')
                {
                    next++;
                }
                if (next < page.Length && page[next] == (byte)'<')
                {
                    i = next - 1;
                }
            }
            return length;
        }

        private static byte[][] Split(ReadOnlySpan<byte> page)
        {
            var parts = new List<byte[]>();
            var rest = page;
            int at;
            while ((at = rest.IndexOf(TokenSlot.Utf8)) >= 0)
            {
                parts.Add(rest[..at].ToArray());
                rest = rest[(at + TokenSlot.Utf8.Length)..];
            }
            parts.Add(rest.ToArray());
            return [.. parts];
        }
    }
}

/// <summary>What forms carry instead of the antiforgery token while a page is rendered for every visitor.</summary>
public static class TokenSlot
{
    /// <summary>Random, so no text on a page (a customer's comment) can stand for it.</summary>
    public static readonly string Value = "token" + Guid.NewGuid().ToString("N");

    public static readonly byte[] Utf8 = Encoding.UTF8.GetBytes(Value);

    internal static readonly object RenderingKey = new();

    public static bool IsRendering(HttpContext context) => context.Items.ContainsKey(RenderingKey);
}

/// <summary>
/// The antiforgery service, except that while a page renders for <see cref="RenderedPages{TKey}"/> every form
/// (tag helper or hand-written) gets <see cref="TokenSlot.Value"/> and no cookie is issued: the real token is
/// spliced in, and its cookie set, for each request that is served the page.
/// </summary>
public sealed class SlotAwareAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options) : IAntiforgery
{
    public static void Register(IServiceCollection services)
    {
        var stock = services.Last(d => d.ServiceType == typeof(IAntiforgery));
        var type = stock.ImplementationType ?? throw new InvalidOperationException("The antiforgery service is expected to be registered by type.");
        services.Remove(stock);
        services.AddSingleton(type);
        services.AddSingleton<IAntiforgery>(provider =>
            new SlotAwareAntiforgery((IAntiforgery)provider.GetRequiredService(type), provider.GetRequiredService<IOptions<AntiforgeryOptions>>()));
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        TokenSlot.IsRendering(httpContext) ? Slot() : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        TokenSlot.IsRendering(httpContext) ? Slot() : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    private AntiforgeryTokenSet Slot() => new(TokenSlot.Value, null, options.Value.FormFieldName, options.Value.HeaderName);
}
