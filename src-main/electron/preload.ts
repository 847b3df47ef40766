import { contextBridge, ipcRenderer } from 'electron';
import type { PreloadBridge } from '../../src-shared/api';

// The renderer's only door to the main process: two invoke channels, arguments validated on the other side.
const bridge: PreloadBridge = {
  call: (method, params) => ipcRenderer.invoke('segstudio:call', method, params),
  binary: (name, params) => ipcRenderer.invoke('segstudio:binary', name, params),
};
contextBridge.exposeInMainWorld('segstudio', bridge);
