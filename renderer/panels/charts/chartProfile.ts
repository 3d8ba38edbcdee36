import { createContext, type ProfilerOnRenderCallback } from 'react';

/** Set by the render benchmark to time each chart's update; absent in the console itself. */
export const ChartProfileContext = createContext<ProfilerOnRenderCallback | null>(null);
