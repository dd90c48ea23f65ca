using System.Collections.ObjectModel;
using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace ActorChat.Tests.Support;

/// <summary>A message as the page shows it: <c>.message[data-id]</c> with its <c>.sender</c> and <c>.text</c>.</summary>
public sealed record ShownMessage(long Id, string Sender, string Text, bool Own, string SenderColour);

/// <summary>A line typed and not yet confirmed: <c>.message.pending[data-ref]</c>.</summary>
public sealed record PendingShown(string Ref, string Text, string State);

/// <summary>
/// The browser client in a real headless Chromium, driven through chromedriver (Debian's
/// <c>chromium</c> and <c>chromium-driver</c>), as a page object: log in, say, read the
/// messages of the conversation in front, open tabs. Every wait is a condition on the page's
/// DOM (<see cref="WebDriverWait"/>), bounded, so a missing message fails the test.
/// </summary>
/// <remarks>
/// Knows only a base URL: the page at <c>/</c> and, through it, <c>/ws</c>. The selectors are
/// the ones documented at the top of <c>wwwroot/app.js</c>.
/// </remarks>
public sealed class BrowserClient : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Where chromium and chromedriver are; overridable for machines that keep them elsewhere.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("ACTORCHAT_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ChromeDriverPath => Environment.GetEnvironmentVariable("ACTORCHAT_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    private const string FrontView = "#messages > .conversation-view:not([hidden])";

    private readonly ChromeDriver _driver;

    private BrowserClient(ChromeDriver driver, Uri baseUrl)
    {
        _driver = driver;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IWebDriver Driver => _driver;

    /// <summary>The name logged in with, once logged in.</summary>
    public string? Name { get; private set; }

    /// <summary>
    /// Starts a headless Chromium with a window of the given size (CSS pixels) and opens the page.
    /// Fails, never skips, when Chromium or its driver is missing: CI installs them.
    /// </summary>
    public static BrowserClient Open(Uri baseUrl, int width = 1280, int height = 800)
    {
        foreach (var (path, package) in new[] { (ChromiumPath, "chromium"), (ChromeDriverPath, "chromium-driver") })
        {
            if (!File.Exists(path))
                throw new InvalidOperationException($"the browser tests need {path}: install it (apt-get install -y chromium chromium-driver), or set ACTORCHAT_CHROMIUM / ACTORCHAT_CHROMEDRIVER (missing package: {package})");
        }
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
            "--disable-extensions", "--disable-background-networking", "--force-device-scale-factor=1",
            "--lang=en-US", $"--window-size={width},{height}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        try
        {
            SetViewport(driver, width, height);
            driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?> { ["source"] = RecordPageErrors });
            driver.Navigate().GoToUrl(baseUrl);
            var client = new BrowserClient(driver, baseUrl);
            client.WaitUntil(d => d.FindElements(By.CssSelector("#login-name")).Count == 1, "the login form");
            return client;
        }
        catch
        {
            driver.Quit();
            throw;
        }
    }

    /// <summary>Makes the page's viewport (not the window, which has no chrome in headless mode anyway) exactly this size.</summary>
    private static void SetViewport(ChromeDriver driver, int width, int height)
    {
        driver.Manage().Window.Size = new Size(width, height);
        var inner = ScriptList(driver, "return [window.innerWidth, window.innerHeight];");
        var (innerWidth, innerHeight) = (Convert.ToInt32(inner[0]), Convert.ToInt32(inner[1]));
        if (innerWidth != width || innerHeight != height)
            driver.Manage().Window.Size = new Size(2 * width - innerWidth, 2 * height - innerHeight);
    }

    // ---------------------------------------------------------------- Login

    /// <summary>Logs in (as a guest, or with the password of an account) and waits until the lobby is shown and the status is online.</summary>
    public void LogIn(string name, string? password = null)
    {
        SubmitName(name, password);
        WaitForLoggedIn(name);
    }

    /// <summary>Creates an account from the login form ("Create an account", the password twice) and waits until logged in with it.</summary>
    public void Register(string name, string password)
    {
        SubmitRegistration(name, password, password);
        WaitForLoggedIn(name);
        WaitUntil(_ => AccountBadge == "true", $"{name} shown as an account holder");
    }

    private void WaitForLoggedIn(string name)
    {
        WaitUntil(_ => IsDisplayed("#chat-screen") && Status == "online" && FindAll($"#tabs .tab[data-room='lobby']").Count == 1, $"{name} logged in");
        Name = name;
    }

    /// <summary>Tries a name (and password) the server refuses: returns the error shown (its text and its code).</summary>
    public (string Text, string Code) LogInRefused(string name, string? password = null)
    {
        var previous = RefusalsShown;
        SubmitName(name, password);
        return WaitForLoginError(previous, $"the refusal of {name}");
    }

    /// <summary>Tries to create an account that is refused (or that the page's own checks stop): the error shown.</summary>
    public (string Text, string Code) RegisterRefused(string name, string password, string? confirm = null)
    {
        var previous = RefusalsShown;
        SubmitRegistration(name, password, confirm ?? password);
        return WaitForLoginError(previous, $"the refusal of the account {name}");
    }

    /// <summary>
    /// Waits until the login form shows a new error, the form usable again (or, for
    /// too_many_attempts, counting down with its button disabled).
    /// </summary>
    private (string Text, string Code) WaitForLoginError(int previous, string what)
    {
        WaitUntil(_ => IsDisplayed("#login-error") && RefusalsShown > previous && Find("#login-name").Enabled
            && (Find("#login-button").Enabled || LoginErrorCode == "too_many_attempts"), what);
        return (Text("#login-error"), LoginErrorCode);
    }

    /// <summary>How many refusals the login form has shown (its error's data-count).</summary>
    private int RefusalsShown => int.TryParse(Find("#login-error").GetDomAttribute("data-count"), out var count) ? count : 0;

    public string LoginErrorCode => Find("#login-error").GetDomAttribute("data-code") ?? "";

    private void SubmitName(string name, string? password)
    {
        SetLoginMode("login");
        var input = Find("#login-name");
        input.Clear();
        input.SendKeys(name);
        var field = Find("#login-password");
        field.Clear();
        if (password is not null) field.SendKeys(password);
        Find("#login-button").Click();
    }

    private void SubmitRegistration(string name, string password, string confirm)
    {
        var input = Find("#login-name");
        input.Clear();
        input.SendKeys(name);
        SetLoginMode("register");
        Find("#register-password").SendKeys(password);
        Find("#register-confirm").SendKeys(confirm);
        Find("#login-button").Click();
    }

    /// <summary>Switches the login form to "login" or "register" with its toggle, as a user would.</summary>
    private void SetLoginMode(string mode)
    {
        if (Find("#login-form").GetDomAttribute("data-mode") == mode) return;
        Find("#login-mode").Click();
        WaitUntil(_ => Find("#login-form").GetDomAttribute("data-mode") == mode, $"the login form in {mode} mode");
    }

    // ---------------------------------------------------------------- Accounts

    /// <summary>What the top bar's badge says: "true" for an account holder, "false" for a guest, "" before a version 2 welcome.</summary>
    public string AccountBadge => IsDisplayed("#account-badge") ? Find("#account-badge").GetDomAttribute("data-account") ?? "" : "";

    /// <summary>Waits until the page shows that it stopped logging in by itself, for this reason (replaced, bad_password...); returns the text shown.</summary>
    public string WaitForSignedOut(string reason, TimeSpan? timeout = null)
    {
        WaitUntil(_ => IsDisplayed("#signed-out-bar") && Find("#signed-out-bar").GetDomAttribute("data-reason") == reason,
            $"the signed-out bar ({reason}) in {Name}'s browser", timeout);
        return Text("#signed-out-text");
    }

    /// <summary>The signed-out bar's button: logs in again (with the kept password, or with <paramref name="password"/> typed into the bar).</summary>
    public void TakeBack(string? password = null)
    {
        if (password is not null) Find("#signed-out-password").SendKeys(password);
        Find("#take-back").Click();
        WaitUntil(_ => !IsDisplayed("#signed-out-bar") && Status == "online", $"{Name} logged in again");
    }

    /// <summary>Fills and submits the /register or /passwd dialog (which must be open).</summary>
    public void SubmitPasswordDialog(string kind, string newPassword, string? old = null, string? confirm = null)
    {
        WaitUntil(_ => IsDisplayed("#account-dialog") && Find("#account-dialog").GetDomAttribute("data-kind") == kind, $"the {kind} dialog");
        if (old is not null) Find("#account-old").SendKeys(old);
        Find("#account-new").SendKeys(newPassword);
        Find("#account-confirm").SendKeys(confirm ?? newPassword);
        Find("#account-submit").Click();
    }

    /// <summary>The lines for people (.notice) of the conversation in front, in order.</summary>
    public IReadOnlyList<string> Notices() =>
        [.. ScriptList(
            "const view = document.querySelector(arguments[0]); return view ? Array.from(view.querySelectorAll('.notice .notice-text')).map(e => e.textContent) : [];",
            FrontView).Cast<string>()];

    /// <summary>Waits until the conversation in front shows a line for people containing this text; returns it.</summary>
    public string WaitForNotice(string containing, TimeSpan? timeout = null)
    {
        string? found = null;
        WaitUntil(_ => (found = Notices().FirstOrDefault(n => n.Contains(containing, StringComparison.Ordinal))) is not null,
            $"a notice with \"{containing}\" in {Name}'s browser", timeout);
        return found!;
    }

    /// <summary>
    /// Everything the page could show or keep of a secret: its DOM (text and markup, attributes
    /// included), the values of its inputs, localStorage, sessionStorage, cookies and its URL.
    /// </summary>
    public IReadOnlyList<string> WhereThePageHolds(string secret) =>
        [.. ScriptList(
            """
            const secret = arguments[0];
            const found = [];
            if (document.documentElement.outerHTML.includes(secret)) found.push('the DOM (outerHTML)');
            if ((document.documentElement.textContent || '').includes(secret)) found.push('the DOM text');
            for (const input of document.querySelectorAll('input, textarea')) if (input.value.includes(secret)) found.push('the value of #' + input.id);
            for (const [name, storage] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]]) {
              for (let i = 0; i < storage.length; i++) {
                const key = storage.key(i);
                if (key.includes(secret) || (storage.getItem(key) || '').includes(secret)) found.push(name + ' ' + key);
              }
            }
            if (document.cookie.includes(secret)) found.push('a cookie');
            if (decodeURIComponent(location.href).includes(secret)) found.push('the URL');
            return found;
            """, secret).Cast<string>()];

    /// <summary>How many WebSockets the page has opened since it loaded (counted by the script injected before the page's own).</summary>
    public long WebSocketsOpened => Convert.ToInt64(_driver.ExecuteScript("return window.__webSocketsOpened ?? -1;"));

    // ---------------------------------------------------------------- Typing

    /// <summary>Types a line into the message input and presses Enter (a chat line or a /command).</summary>
    public void Say(string text)
    {
        var input = Find("#message-input");
        input.SendKeys(text);
        input.SendKeys(Keys.Enter);
    }

    /// <summary>Says a line and waits until the server's copy is shown (no longer pending).</summary>
    public ShownMessage SayAndWait(string text)
    {
        Say(text);
        return WaitForMessage(text, own: true);
    }

    // ---------------------------------------------------------------- Reading

    /// <summary>The messages of the conversation in front, in the order shown.</summary>
    public IReadOnlyList<ShownMessage> Messages()
    {
        var rows = ScriptList(
            """
            const view = document.querySelector(arguments[0]);
            if (!view) return [];
            return Array.from(view.querySelectorAll('.message[data-id]')).map(e => {
              const sender = e.querySelector('.sender');
              const colour = Array.from(sender.classList).find(c => /^c\d+$/.test(c)) || '';
              return [e.dataset.id, sender.textContent, e.querySelector('.text').textContent, e.classList.contains('own'), colour];
            });
            """, FrontView);
        return [.. rows.Cast<ReadOnlyCollection<object>>().Select(r =>
            new ShownMessage(long.Parse((string)r[0]), (string)r[1], (string)r[2], (bool)r[3], (string)r[4]))];
    }

    /// <summary>The lines typed and not yet confirmed, in the conversation in front.</summary>
    public IReadOnlyList<PendingShown> PendingLines()
    {
        var rows = ScriptList(
            """
            const view = document.querySelector(arguments[0]);
            if (!view) return [];
            return Array.from(view.querySelectorAll('.message.pending')).map(e =>
              [e.dataset.ref, e.querySelector('.text').textContent, e.dataset.state || '']);
            """, FrontView);
        return [.. rows.Cast<ReadOnlyCollection<object>>().Select(r => new PendingShown((string)r[0], (string)r[1], (string)r[2]))];
    }

    /// <summary>Waits until the conversation in front shows a message with this text; returns it.</summary>
    public ShownMessage WaitForMessage(string text, bool? own = null, TimeSpan? timeout = null)
    {
        ShownMessage? found = null;
        WaitUntil(_ =>
        {
            found = Messages().FirstOrDefault(m => m.Text == text && (own is null || m.Own == own));
            return found is not null;
        }, $"the message \"{text}\" in {Name}'s browser", timeout);
        return found!;
    }

    /// <summary>Waits until the conversation in front shows at least this many messages; returns them all.</summary>
    public IReadOnlyList<ShownMessage> WaitForMessages(int count, TimeSpan? timeout = null)
    {
        IReadOnlyList<ShownMessage> shown = [];
        WaitUntil(_ => (shown = Messages()).Count >= count, $"{count} messages in {Name}'s browser (shown: {shown.Count})", timeout);
        return shown;
    }

    /// <summary>The connection state the page shows: connecting, online, catching-up, reconnecting, offline.</summary>
    public string Status => Find("#status").GetDomAttribute("data-state") ?? "";

    public void WaitForStatus(string state, TimeSpan? timeout = null) =>
        WaitUntil(_ => Status == state, $"the status \"{state}\" in {Name}'s browser (now \"{Status}\")", timeout);

    /// <summary>The unread count on a room's tab (0 when its badge is hidden).</summary>
    public int Unread(string room) => UnreadOf($"#tabs .tab[data-room='{room}']");

    public int UnreadDirect(string peer) => UnreadOf($"#tabs .tab[data-dm='{peer}']");

    private int UnreadOf(string tabSelector)
    {
        var badge = Find(tabSelector + " .unread");
        return badge.Displayed ? int.Parse(badge.Text) : 0;
    }

    /// <summary>The member list of the room in front, as shown.</summary>
    public IReadOnlyList<string> Members() =>
        [.. (ScriptList(
            "return Array.from(document.querySelectorAll('#member-list .member')).map(e => e.dataset.name);")).Cast<string>()];

    /// <summary>The rooms in the room list, as shown.</summary>
    public IReadOnlyList<string> Rooms() =>
        [.. (ScriptList(
            "return Array.from(document.querySelectorAll('#room-list .room')).map(e => e.dataset.room);")).Cast<string>()];

    /// <summary>What the older-history control says for the conversation in front: more, loading or none.</summary>
    public string OlderState => (string?)_driver.ExecuteScript("return document.querySelector(arguments[0])?.dataset.older ?? '';", FrontView) ?? "";

    // ---------------------------------------------------------------- Doing

    /// <summary>Brings a room's tab to the front.</summary>
    public void OpenTab(string room) => ClickTab($"#tabs .tab[data-room='{room}']");

    public void OpenDirectTab(string peer) => ClickTab($"#tabs .tab[data-dm='{peer}']");

    private void ClickTab(string selector)
    {
        WaitUntil(_ => FindAll(selector).Count == 1, $"the tab {selector}");
        Find(selector).Click();
        WaitUntil(_ => Find(selector).GetDomAttribute("aria-selected") == "true", $"the tab {selector} in front");
    }

    /// <summary>Joins a room through the join form; waits until its tab is in front.</summary>
    public void JoinRoom(string room)
    {
        EnsureSidebarOpen();
        var input = Find("#join-room");
        input.SendKeys(room);
        input.SendKeys(Keys.Enter);
        WaitUntil(_ => FindAll($"#tabs .tab.current[data-room='{room}']").Count == 1, $"{room} joined and in front");
    }

    /// <summary>Clicks a member's name in the member list (opens a direct conversation).</summary>
    public void ClickMember(string name)
    {
        EnsureSidebarOpen();
        var selector = $"#member-list .member-name[data-name='{name}']";
        WaitUntil(_ => FindAll(selector).Count == 1, $"{name} in the member list");
        Find(selector).Click();
        WaitUntil(_ => FindAll($"#tabs .tab.current[data-dm='{name}']").Count == 1, $"the direct conversation with {name} in front");
    }

    /// <summary>On a narrow screen the sidebar is a drawer: opens it when it is closed.</summary>
    public void EnsureSidebarOpen()
    {
        if (IsDisplayed("#toggle-sidebar") && Find("#toggle-sidebar").GetDomAttribute("aria-expanded") != "true")
        {
            Find("#toggle-sidebar").Click();
            WaitUntil(_ => IsDisplayed("#join-room"), "the sidebar open");
        }
    }

    /// <summary>
    /// Presses "Load older messages" in the conversation in front from the keyboard (focused
    /// without scrolling: reaching it with the mouse means scrolling to the top, which loads by itself).
    /// </summary>
    public void PressLoadOlder()
    {
        var selector = FrontView + " .load-older";
        WaitUntil(_ => Find(selector).Enabled && Find(selector).GetDomProperty("hidden") == "False", "the load-older button");
        _driver.ExecuteScript("document.querySelector(arguments[0]).focus({ preventScroll: true });", selector);
        new Actions(_driver).SendKeys(Keys.Enter).Perform();
    }

    /// <summary>Scrolls the conversation in front to its top, as a user reading back would.</summary>
    public void ScrollToTop() =>
        _driver.ExecuteScript("const v = document.querySelector(arguments[0]); v.scrollTop = 0; v.dispatchEvent(new Event('scroll'));", FrontView);

    public void SaveScreenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _driver.GetScreenshot().SaveAsFile(path);
    }

    // ---------------------------------------------------------------- The page itself

    private IReadOnlyList<object> ScriptList(string script, params object[] args) => ScriptList(_driver, script, args);

    private static IReadOnlyList<object> ScriptList(ChromeDriver driver, string script, params object[] args) =>
        driver.ExecuteScript(script, args) as IReadOnlyList<object> ?? [];

    /// <summary>Runs a script in the page and returns its result.</summary>
    public object? Script(string script, params object[] args) => _driver.ExecuteScript(script, args);

    /// <summary>
    /// Runs in every page before its own scripts (through the DevTools protocol, so outside the
    /// page's Content-Security-Policy): records script errors, unhandled rejections, resources that
    /// failed to load, Content-Security-Policy violations and console.error calls.
    /// </summary>
    private const string RecordPageErrors =
        """
        (() => {
          const errors = [];
          Object.defineProperty(window, '__pageErrors', { value: errors });
          addEventListener('error', (e) => {
            const t = e.target;
            errors.push(t && t !== window ? `failed to load ${t.src || t.href || t.tagName}` : `script error: ${e.message} at ${e.filename}:${e.lineno}`);
          }, true);
          addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason}`));
          document.addEventListener('securitypolicyviolation', (e) => errors.push(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`), true);
          // Counts the WebSockets the page opens (a reconnect opens one more); the page's own code is unchanged.
          let opened = 0;
          Object.defineProperty(window, '__webSocketsOpened', { get: () => opened });
          const NativeWebSocket = window.WebSocket;
          window.WebSocket = class extends NativeWebSocket {
            constructor(...args) { super(...args); opened++; }
          };
          const consoleError = console.error;
          console.error = function (...args) { errors.push('console.error: ' + args.join(' ')); return consoleError.apply(this, args); };
        })();
        """;

    /// <summary>What went wrong in the page since it loaded: script errors, CSP violations, failed loads, console.error.</summary>
    public IReadOnlyList<string> PageErrors() =>
        [.. ScriptList("return window.__pageErrors ? window.__pageErrors.slice() : ['the error recorder is missing'];").Cast<string>()];

    public IWebElement Find(string css) => _driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => _driver.FindElements(By.CssSelector(css));

    public bool IsDisplayed(string css) => FindAll(css) is [var one] && one.Displayed;

    public string Text(string css) => FindAll(css) is [var one] ? one.GetDomProperty("textContent") ?? "" : "";

    /// <summary>Waits until the condition holds on the page; fails the test with <paramref name="what"/> when it never does.</summary>
    public void WaitUntil(Func<IWebDriver, bool> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(_driver, timeout ?? DefaultTimeout) { PollingInterval = TimeSpan.FromMilliseconds(50), Message = "never true: " + what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Until(condition);
    }

    public void Dispose()
    {
        try
        {
            _driver.Quit();
        }
        finally
        {
            _driver.Dispose();
        }
    }
}
