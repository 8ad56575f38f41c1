import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './model.js';
import { windowsContainerReason } from './windows.js';

const reason = (text: string) => windowsContainerReason(parseDockerfile(text));

describe('windowsContainerReason', () => {
  it.each([
    [
      'servercore with backtick escape and PowerShell',
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN Write-Host `\n  hi\n',
      'Windows base image mcr.microsoft.com/windows/servercore:ltsc2022',
    ],
    [
      'nanoserver without escape',
      'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nCMD ["cmd.exe"]\n',
      'Windows base image mcr.microsoft.com/windows/nanoserver:ltsc2022',
    ],
    [
      '.NET Framework',
      'FROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\n',
      'Windows base image mcr.microsoft.com/dotnet/framework/sdk:4.8',
    ],
    [
      'an official image on a Windows tag',
      'FROM python:3.13-windowsservercore-ltsc2022\n',
      'Windows base image python:3.13-windowsservercore-ltsc2022',
    ],
    [
      'nanoserver tag of .NET',
      'FROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\n',
      'Windows base image mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022',
    ],
    [
      'Windows image through an ARG',
      'ARG BASE=mcr.microsoft.com/windows/server:ltsc2025\nFROM ${BASE}\n',
      'Windows base image mcr.microsoft.com/windows/server:ltsc2025',
    ],
    ['old Docker Hub name', 'FROM microsoft/nanoserver\n', 'Windows base image microsoft/nanoserver'],
    [
      'cmd SHELL on a private base',
      'FROM mycorp/winbase:1\nSHELL ["C:\\\\Windows\\\\System32\\\\cmd.exe", "/S", "/C"]\n',
      'SHELL cmd.exe (line 2)',
    ],
    [
      'Windows PowerShell SHELL on a private base',
      'FROM mycorp/winbase:1\nSHELL ["powershell", "-Command"]\n',
      'SHELL powershell (line 2)',
    ],
    [
      'backtick escape with pwsh',
      '# escape=`\nFROM mycorp/winbase:1\nSHELL ["pwsh", "-Command"]\n',
      'escape character ` with SHELL pwsh (line 3)',
    ],
    [
      'backtick escape with RUN powershell',
      '# escape=`\nFROM mycorp/winbase:1\nRUN powershell -Command `\n    Install-Thing\n',
      'escape character ` with RUN powershell (line 3)',
    ],
  ])('%s', (_name, text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  it.each([
    ['backtick escape alone (Linux files use it too)', '# escape=`\nFROM golang:1.26-alpine\nRUN go build `\n    -o /app .\n'],
    ['pwsh alone (PowerShell runs on Linux)', 'FROM mcr.microsoft.com/powershell:lts-debian-12\nSHELL ["pwsh", "-Command"]\n'],
    ['a Linux .NET image', 'FROM mcr.microsoft.com/dotnet/sdk:8.0\n'],
    ['a RUN mentioning cmd without the backtick escape', 'FROM alpine\nRUN cmd --help\n'],
    ['no FROM at all', ''],
  ])('not Windows: %s', (_name, text) => {
    expect(reason(text)).toBeNull();
  });
});
