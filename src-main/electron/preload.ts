import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadBridge, StudioEvent } from '../../src-shared/api';

// The renderer's only door to the main process: two invoke channels, arguments validated on the other side.
const bridge: PreloadBridge = {
  call: (method, params) => ipcRenderer.invoke('segstudio:call', method, params),
  binary: (name, params) => ipcRenderer.invoke('segstudio:binary', name, params),
  onEvent: (listener) => {
    const forward = (_: unknown, event: StudioEvent) => listener(event);
    ipcRenderer.on('segstudio:event', forward);
    return () => ipcRenderer.removeListener('segstudio:event', forward);
  },
};
contextBridge.exposeInMainWorld('segstudio', bridge);
