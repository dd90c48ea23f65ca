using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ActorChat.Bench.TlsChoice;

/// <summary>(A) The line echo on Kestrel, the way the server's TLS port is built: <c>UseHttps</c> + <c>UseConnectionHandler</c>.</summary>
public sealed class KestrelEchoServer : IEchoServer
{
    private readonly WebApplication _app;
    private readonly ListenOptions _endpoint;

    private KestrelEchoServer(WebApplication app, ListenOptions endpoint)
    {
        _app = app;
        _endpoint = endpoint;
    }

    public int Port => _endpoint.IPEndPoint!.Port;

    public static async Task<KestrelEchoServer> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        ListenOptions? endpoint = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                endpoint = listen;
                listen.UseHttps(certificate);
                listen.UseConnectionHandler<EchoHandler>();
            }));
        var app = builder.Build();
        await app.StartAsync();
        return new KestrelEchoServer(app, endpoint!);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
