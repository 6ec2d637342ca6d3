/** The media types the simulated contact center routes, in the spelling of Genesys analytics. */
export type MediaKind = 'voice' | 'chat' | 'message' | 'callback' | 'email';
