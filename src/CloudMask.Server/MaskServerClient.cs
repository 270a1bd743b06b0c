using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CloudMask.Stac;

namespace CloudMask.Server;

/// <summary>A client of the server's JSON API (what `cloudmask submit` and `cloudmask bench serve` use).</summary>
public sealed class MaskServerClient : IDisposable
{
    private readonly HttpClient _http;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public MaskServerClient(string serverUrl, string? token = null)
    {
        if (!Uri.TryCreate(serverUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--server {serverUrl}: give the server's URL, e.g. http://127.0.0.1:8077");
        _http = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(120) };
        if (!string.IsNullOrEmpty(token)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<IReadOnlyList<JobStatus>> SubmitAsync(IReadOnlyList<string> inputs, string? output, MaskSettings settings, CancellationToken cancellation = default)
    {
        using var response = await _http.PostAsJsonAsync("api/jobs", new SubmitRequest(inputs, output, settings), Json, cancellation);
        await ThrowUnlessOk(response, cancellation);
        return (await response.Content.ReadFromJsonAsync<SubmitResponse>(Json, cancellation))!.Jobs;
    }

    public async Task<JobStatus> StatusAsync(string id, CancellationToken cancellation = default)
    {
        using var response = await _http.GetAsync($"api/jobs/{Uri.EscapeDataString(id)}", cancellation);
        await ThrowUnlessOk(response, cancellation);
        return (await response.Content.ReadFromJsonAsync<JobStatus>(Json, cancellation))!;
    }

    public async Task<JobList> ListAsync(int offset = 0, int limit = 100, string? state = null, CancellationToken cancellation = default)
    {
        using var response = await _http.GetAsync($"api/jobs?offset={offset}&limit={limit}" + (state is null ? "" : $"&state={state}"), cancellation);
        await ThrowUnlessOk(response, cancellation);
        return (await response.Content.ReadFromJsonAsync<JobList>(Json, cancellation))!;
    }

    /// <summary>Turns a refusal into an <see cref="IOException"/> carrying the server's one-line reason.</summary>
    private static async Task ThrowUnlessOk(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode) return;
        string detail;
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
            detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : problem.RootElement.ToString();
        }
        catch (JsonException) { detail = response.ReasonPhrase ?? ""; }
        throw new IOException($"the server refused: {(int)response.StatusCode} {detail}");
    }

    public void Dispose() => _http.Dispose();
}
