using ActorChat.Tests.Support;

namespace ActorChat.Tests.EndToEnd;

// The end-to-end suites that apply to every transport, run again over TLS and over WebSocket:
// the same frames, rules and limits on each (PROTOCOL.md "Transports").

public sealed class ChatOverTlsTests : ChatEndToEndTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class ChatOverWebSocketTests : ChatEndToEndTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class HostileInputOverTlsTests : HostileInputTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class HostileInputOverWebSocketTests : HostileInputTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class SlowlorisOverTlsTests : SlowlorisTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class SlowlorisOverWebSocketTests : SlowlorisTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class PerAddressLimitOverTlsTests : PerAddressLimitTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class PerAddressLimitOverWebSocketTests : PerAddressLimitTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class FloodOverTlsTests : FloodTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class FloodOverWebSocketTests : FloodTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class MaxClientsOverTlsTests : MaxClientsEndToEndTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class MaxClientsOverWebSocketTests : MaxClientsEndToEndTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class ClientIdleOverTlsTests : ClientIdleEndToEndTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class ClientIdleOverWebSocketTests : ClientIdleEndToEndTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class SlowConsumerOverTlsTests : SlowConsumerEndToEndTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class SlowConsumerOverWebSocketTests : SlowConsumerEndToEndTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }

public sealed class StatsOverTlsTests : StatsEndToEndTests { protected override ClientTransport Transport => ClientTransport.Tls; }
public sealed class StatsOverWebSocketTests : StatsEndToEndTests { protected override ClientTransport Transport => ClientTransport.WebSocket; }
