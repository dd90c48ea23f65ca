using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace ActorChat.Tests.Support;

/// <summary>
/// THROWAWAY, TEST-ONLY stand-in for the server's own <c>--http-port</c> until that lands: a
/// minimal Kestrel app on 127.0.0.1 (port 0) that serves the browser client's files from the
/// source tree (<see cref="WebRoot"/>) with the server's Content-Security-Policy, and bridges
/// each WebSocket at <c>/ws</c> to a new TCP connection to a chat server: one text message is one
/// frame (sent on as a line), one line back is one text message.
/// </summary>
/// <remarks>
/// The browser tests only know its <see cref="BaseUrl"/>; when the server serves HTTP itself,
/// the base URL becomes the server's and this class goes. The chat server behind it may stop
/// and start again on the same port: each WebSocket then ends as its TCP connection does, and a
/// WebSocket opened while the chat server is down is refused (502), as a down server would.
/// </remarks>
public sealed class WebSocketBridge : IAsyncDisposable
{
    /// <summary>The policy the real server sends with the page (the brief of the browser client).</summary>
    public const string ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'";

    private readonly WebApplication _app;
    private readonly IPEndPoint _chatServer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _bridges = [];

    private WebSocketBridge(WebApplication app, IPEndPoint chatServer)
    {
        _app = app;
        _chatServer = chatServer;
    }

    /// <summary>Where the page is: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The browser client's files in the source tree: src/ActorChat.Server/wwwroot.</summary>
    public static string WebRoot => Path.Combine(RepositoryRoot.Path, "src", "ActorChat.Server", "wwwroot");

    public static async Task<WebSocketBridge> StartAsync(IPEndPoint chatServer)
    {
        var webRoot = WebRoot;
        if (!File.Exists(Path.Combine(webRoot, "index.html"))) throw new InvalidOperationException($"no browser client at {webRoot}");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = webRoot, WebRootPath = webRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var bridge = new WebSocketBridge(app, chatServer);

        app.Use(async (context, next) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.CacheControl = "no-store";
            await next(context);
        });
        app.UseWebSockets();
        app.Map("/ws", bridge.BridgeAsync);
        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        bridge.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return bridge;
    }

    private async Task BridgeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(_chatServer, _stopping.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted);
        var done = new TaskCompletionSource();
        lock (_bridges) _bridges.Add(done.Task);
        try
        {
            var stream = tcp.GetStream();
            var up = BrowserToServerAsync(socket, stream, ending.Token);
            var down = ServerToBrowserAsync(stream, socket, ending.Token);
            await Task.WhenAny(up, down);
            // Either side ended: end the other the same way.
            tcp.Client.Shutdown(SocketShutdown.Both);
            await Swallow(down);
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Swallow(socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token));
            }
            await Swallow(up.WaitAsync(TimeSpan.FromSeconds(2)));
            socket.Abort();
        }
        finally
        {
            done.TrySetResult();
        }
    }

    /// <summary>Each text message is one frame: written on as one line.</summary>
    private static async Task BrowserToServerAsync(WebSocket socket, NetworkStream stream, CancellationToken cancel)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel);
            if (result.MessageType == WebSocketMessageType.Close) return;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Text)
            {
                message.WriteByte((byte)'\n');
                await stream.WriteAsync(message.GetBuffer().AsMemory(0, (int)message.Length), cancel);
            }
            message.SetLength(0);
        }
    }

    /// <summary>Each line from the server is one text message.</summary>
    private static async Task ServerToBrowserAsync(NetworkStream stream, WebSocket socket, CancellationToken cancel)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false));
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length == 0) continue;
            await socket.SendAsync(Encoding.UTF8.GetBytes(line), WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception)
        {
            // the connection is going anyway
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        Task[] bridges;
        lock (_bridges) bridges = [.. _bridges];
        await Swallow(Task.WhenAll(bridges).WaitAsync(TimeSpan.FromSeconds(5)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Swallow(_app.StopAsync(stop.Token));
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>The checkout this test run was built from: the folder holding ActorChat.sln, above the test binaries.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "ActorChat.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"no ActorChat.sln above {AppContext.BaseDirectory}");
    }
}
