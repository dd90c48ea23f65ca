using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorChat.Server.Metrics;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;
using ActorChat.Server.Transport.Kestrel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Serilog;

namespace ActorChat.Server.Hosting;

/// <summary>
/// The transports Kestrel serves (ASP.NET Core, in the SDK): the TLS port (the line protocol
/// inside TLS, <see cref="TlsLineHandler"/>) and the HTTP port: <c>/ws</c> (WebSocket,
/// <see cref="WebSocketFrameChannel"/>, <c>Origin</c> checked by <see cref="OriginPolicy"/>),
/// <c>/healthz</c> (alive), <c>/readyz</c> (<see cref="ReadinessCheck"/>), <c>/metrics</c>
/// (<see cref="MetricsExport"/>), and the browser client at <c>/</c>, from the files embedded in the server.
/// </summary>
public sealed class WebFrontEnd
{
    /// <summary>Sent with every HTTP answer: nothing from elsewhere runs in the page, nothing frames it.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private readonly TransportSettings _settings;
    private readonly ServerLimits _limits;
    // Read by Kestrel at each TLS handshake, replaced by a reload.
    private volatile X509Certificate2? _certificate;
    private readonly OriginPolicy _origins;
    private ListenOptions? _tlsEndpoint;
    private ListenOptions? _httpEndpoint;

    public WebFrontEnd(TransportSettings settings, ServerLimits limits, StorageSettings storage)
    {
        _settings = settings;
        _limits = limits;
        _certificate = settings.HasCertificate ? settings.LoadCertificate() : null;
        _origins = new OriginPolicy(settings.AllowedOrigins);
        Door = new FrontDoor(limits.MaxPendingWriteBytes);
        Readiness = new ReadinessCheck(Door, new StoreProbe(storage));
    }

    public FrontDoor Door { get; }

    /// <summary>What <c>/readyz</c> answers.</summary>
    public ReadinessCheck Readiness { get; }

    /// <summary>What <c>/metrics</c> exports.</summary>
    public MetricsExport Metrics { get; } = new();

    /// <summary>Where the TLS port listens, once started (the real port when 0 was asked).</summary>
    public IPEndPoint? TlsEndPoint => _tlsEndpoint?.IPEndPoint;

    /// <summary>Where the HTTP port listens, once started.</summary>
    public IPEndPoint? HttpEndPoint => _httpEndpoint?.IPEndPoint;

    /// <summary>Kestrel's endpoints and limits, on the server's address.</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(Door);
        // Kestrel's own log goes where the server's goes, warnings and worse only: a client that
        // fails its TLS handshake or drops its connection is routine, not news.
        builder.Logging.ClearProviders().AddSerilog(
            new LoggerConfiguration().MinimumLevel.Warning().WriteTo.Logger(Log.Logger).CreateLogger(), dispose: true);
        builder.Services.AddRouting();
        Metrics.Configure(builder);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = ConnectionCeiling;
            kestrel.Limits.MaxConcurrentUpgradedConnections = kestrel.Limits.MaxConcurrentConnections;
            kestrel.Limits.MaxRequestBodySize = 0; // nothing here takes a body
            var address = _limits.ListenEndPoint.Address;
            if (_settings.TlsPort is { } tlsPort)
                kestrel.Listen(address, tlsPort, listen =>
                {
                    _tlsEndpoint = listen;
                    listen.UseHttps(Https);
                    listen.UseConnectionHandler<TlsLineHandler>();
                });
            if (_settings.HttpPort is { } httpPort)
                kestrel.Listen(address, httpPort, listen =>
                {
                    _httpEndpoint = listen;
                    listen.Protocols = HttpProtocols.Http1;
                    if (_certificate is not null) listen.UseHttps(Https);
                });
        });
    }

    /// <summary>
    /// The connections Kestrel holds at once, handshakes included: as many as the process may open
    /// (null: no limit known), as for plain TCP. The listener decides who is served (<c>--max-clients</c>,
    /// <c>--max-per-address</c>: the same on every transport), so a reload that raises them needs no
    /// restart; past the open-file limit Kestrel could not accept anyway.
    /// </summary>
    private static long? ConnectionCeiling => ActorChat.Shared.OpenFileLimit.OfThisProcess();

    private void Https(Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions https)
    {
        https.ServerCertificateSelector = (_, _) => _certificate;
        https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
        https.HandshakeTimeout = _limits.CloseGrace; // a client that never finishes its handshake costs one short-lived connection
    }

    /// <summary>
    /// Reads the certificate again from <paramref name="settings"/>' files (renewed in place, or other
    /// files) for the TLS connections made from now on; the connections open keep theirs.
    /// </summary>
    /// <returns>What changed, for the log; null when TLS is off.</returns>
    /// <exception cref="InvalidOperationException">The files cannot be read: the running certificate stays.</exception>
    public string? ReloadCertificate(TransportSettings settings)
    {
        if (_certificate is not { } running || !settings.HasCertificate) return null;
        var next = settings.LoadCertificate();
        if (next.Thumbprint == running.Thumbprint) return $"TLS certificate unchanged ({Describe(running)})";
        _certificate = next;
        return $"TLS certificate: {Describe(running)} → {Describe(next)}";
    }

    private static string Describe(X509Certificate2 certificate) =>
        $"{certificate.Subject}, SHA-1 {certificate.Thumbprint[..12]}…, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}";

    /// <summary>The HTTP port's routes.</summary>
    public void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            await next(context);
        });
        app.UseWebSockets();
        app.Map("/ws", ServeWebSocket);
        app.MapGet("/healthz", () => Results.Json(new { status = "alive" }));
        app.MapGet("/readyz", Ready);
        MetricsExport.Map(app);
        var files = new ManifestEmbeddedFileProvider(typeof(WebFrontEnd).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }

    /// <summary>200 <c>ready</c>, or 503 with the reason, in plain text (a balancer's health check reads the status; a person the reason).</summary>
    private async Task<IResult> Ready() =>
        await Readiness.NotReadyBecauseAsync() is { } reason
            ? Results.Text(reason + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n", "text/plain; charset=utf-8");

    private async Task ServeWebSocket(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("/ws is a WebSocket endpoint (docs/protocol.md, \"Transports\")\n");
            return;
        }
        if (!_origins.Allows(context.Request.Headers.Origin, context.Request.Scheme, context.Request.Host.Value ?? ""))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("pages from this origin may not connect (--allowed-origin)\n");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.None, context.Connection.RemotePort);
        await Door.ServeAsync(new WebSocketFrameChannel(socket, _limits.MaxFrameBytes), TransportKind.WebSocket, remote, context.RequestAborted);
    }
}
