// UnlockPage: the passphrase opens the profile (on a phone the platform keystore does, without typing).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    color: Theme.background
    function tryUnlock() {
        if (session.unlock(passphrase.text)) passphrase.text = ""
        else passphrase.selectAll()
    }
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.pad * 2, 420)
        spacing: Theme.pad
        Label {
            text: qsTr("IPS Coach")
            font.pixelSize: 26
            font.bold: true
            color: Theme.accent
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: session.needsPassphrase ? qsTr("Type your passphrase to open your caseload.")
                                          : qsTr("Unlock with your device's lock or fingerprint.")
            wrapMode: Text.WordWrap
            color: Theme.muted
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
        }
        TextField {
            id: passphrase
            objectName: "passphraseField"
            visible: session.needsPassphrase
            echoMode: TextInput.Password
            placeholderText: qsTr("Passphrase")
            Accessible.name: qsTr("Passphrase")
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            focus: true
            onAccepted: tryUnlock()
        }
        Button {
            objectName: "unlockButton"
            text: qsTr("Unlock")
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            highlighted: true
            onClicked: tryUnlock()
        }
        Label {
            objectName: "unlockError"
            text: session.error
            visible: text !== ""
            color: Theme.danger
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: session.language === "nl" ? "English" : "Nederlands"
            color: Theme.accent
            font.underline: true
            Layout.alignment: Qt.AlignHCenter
            MouseArea { anchors.fill: parent; onClicked: session.language = (session.language === "nl" ? "en" : "nl") }
        }
    }
}
